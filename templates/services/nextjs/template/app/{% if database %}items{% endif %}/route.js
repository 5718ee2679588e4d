// @ts-check
/** GET /items: the list (?limit, ?offset); POST /items: create one (201, 409 when the name is taken). */
import { answer, jsonBody } from "../../lib/items-http.js";
import { createItem, database, listItems, parseItem } from "../../lib/items.js";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** @param {Request} request */
export function GET(request) {
  const query = new URL(request.url).searchParams;
  return answer(() =>
    listItems(database(), Number(query.get("limit") ?? 100) || 100, Number(query.get("offset") ?? 0) || 0),
  );
}

/** @param {Request} request */
export function POST(request) {
  return answer(async () => {
    const fields = parseItem(await jsonBody(request), { partial: false });
    return createItem(database(), fields);
  }, 201);
}
