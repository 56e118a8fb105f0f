/**
 * `requestContext.requestTime` / `time`: the CLF form `09/Apr/2015:12:34:56 +0000`. A gateway
 * serves many requests per second, so the text is rebuilt only when the second changes.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Formats epoch milliseconds as API Gateway's request time (UTC). */
export function formatRequestTime(epochMs: number): string {
  const d = new Date(epochMs);
  return (
    `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]!}/${d.getUTCFullYear()}:` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`
  );
}

/** Caches the formatted time for the current second; one per gateway, not a module singleton. */
export class RequestTimeFormatter {
  #second = Number.NaN;
  #text = '';

  format(epochMs: number): string {
    const second = Math.floor(epochMs / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#text = formatRequestTime(epochMs);
    }
    return this.#text;
  }
}
