// @ts-check
/** GET /health/ready: every dependency checked; 503 when one fails. */
import { DEPENDENCIES, SERVICE } from "../../../lib/dependencies.js";
import { readyResponse } from "../../../lib/endpoints.js";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export function GET() {
  return readyResponse(SERVICE, DEPENDENCIES);
}
