// APIPromise: what a method returns. Awaited, it is the result, whose `_request_id` (not
// enumerable) is the response's X-Request-Id; `.withResponse()` adds the Response, and
// `.asResponse()` is the Response alone, body unread. The request goes out at the call; the
// body is read when the result is first asked for.

const requestIdOf = (response) => response.headers.get("x-request-id");

export class APIPromise extends Promise {
  #reply;
  #parse;
  #result;

  /** `reply`: a promise of the core's Reply (2xx, body unread); `parse` reads it into the result. */
  constructor(reply, parse) {
    super((resolve) => resolve(null));
    // A Reply is consumed by its read, so its Response is kept beside it.
    this.#reply = reply.then((handle) => ({ handle, response: handle.response }));
    this.#parse = parse;
  }

  // `then` builds a plain Promise.
  static get [Symbol.species]() {
    return Promise;
  }

  asResponse() {
    return this.#reply.then((r) => r.response);
  }

  async withResponse() {
    const [data, { response }] = await Promise.all([this, this.#reply]);
    return { data, response, request_id: requestIdOf(response) };
  }

  then(onFulfilled, onRejected) {
    this.#result ??= this.#reply.then(async ({ handle, response }) => {
      const data = await this.#parse(handle);
      if (data !== null && typeof data === "object") {
        Object.defineProperty(data, "_request_id", { value: requestIdOf(response), configurable: true, writable: true });
      }
      return data;
    });
    return this.#result.then(onFulfilled, onRejected);
  }
}
