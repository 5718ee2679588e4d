// @ts-check
/** GET, PATCH and DELETE /items/:id. */
import { answer, jsonBody } from "../../../lib/items-http.js";
import { database, deleteItem, getItem, parseId, parseItem, updateItem } from "../../../lib/items.js";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** @typedef {{ params: Promise<{ id: string }> }} Context */

/**
 * @param {Request} _request
 * @param {Context} context
 */
export function GET(_request, { params }) {
  return answer(async () => getItem(database(), parseId((await params).id)));
}

/**
 * @param {Request} request
 * @param {Context} context
 */
export function PATCH(request, { params }) {
  return answer(async () => {
    const id = parseId((await params).id);
    const fields = parseItem(await jsonBody(request), { partial: true });
    return updateItem(database(), id, fields);
  });
}

/**
 * @param {Request} _request
 * @param {Context} context
 */
export function DELETE(_request, { params }) {
  return answer(async () => deleteItem(database(), parseId((await params).id)), 204);
}
