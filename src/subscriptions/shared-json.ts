import { randomUUID } from 'node:crypto';

/**
 * One JSON serialisation of a shared subscription result, however many sockets it goes to.
 *
 * graphql-ws builds and stringifies every `next` frame for each subscriber; with one execution
 * shared by 1,000 subscribers (SharedSubscriptions), serialising the same `data` 1,000 times was
 * the largest cost of a fan-out after the socket writes themselves. `serialiseOnce(data)` gives
 * the shared object a toJSON that serialises it once and stands a marker in its place; the
 * transport calls `withSharedJson(frame)` on each frame just before writing it, which puts the
 * JSON back where the marker stands. graphql-ws stringifies a frame and hands it to the transport
 * in one synchronous step, so one slot carries the JSON from the one to the other.
 */
const MARKER = `\u0000shared-json:${randomUUID()}\u0000`;
const MARKER_JSON = JSON.stringify(MARKER);

let handoff: string | undefined;

/**
 * Marks a result's `data` object (shared, never mutated afterwards) to be serialised once. Left
 * as it is when a field is aliased `toJSON` (the marker's method would hide it).
 */
export function serialiseOnce<T extends object>(data: T): T {
  if (Object.prototype.hasOwnProperty.call(data, 'toJSON')) return data;
  let json: string | undefined;
  Object.defineProperty(data, 'toJSON', {
    value: () => {
      // A shallow copy has no toJSON of its own: this serialises the object itself.
      handoff = json ??= JSON.stringify({ ...data });
      return MARKER;
    },
    enumerable: false,
  });
  return data;
}

/** The frame as it would have been without the shortcut. Called once per frame written. */
export function withSharedJson(frame: string): string {
  const json = handoff;
  if (json === undefined) return frame;
  handoff = undefined;
  const at = frame.lastIndexOf(MARKER_JSON);
  return at === -1 ? frame : frame.slice(0, at) + json + frame.slice(at + MARKER_JSON.length);
}
