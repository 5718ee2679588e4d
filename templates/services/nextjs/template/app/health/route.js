// @ts-check
/** GET /health: liveness, touching nothing. */
import { SERVICE } from "../../lib/dependencies.js";
import { healthResponse } from "../../lib/endpoints.js";

export const dynamic = "force-dynamic";

export function GET() {
  return healthResponse(SERVICE);
}
