// APIPromise: what a method returns (js-api.md, D45). The request goes out at the call; the
// body is read when the result is first asked for, so asResponse() gets it unread.

const requestIdOf = (response) => response.headers.get("x-request-id");

export class APIPromise extends Promise {
  #reply;
  #parse;
  #result;

  /** `reply`: a promise of the transport's Exchange (2xx, body unread); `parse` reads it. */
  constructor(reply, parse) {
    super((resolve) => resolve(null));
    // An Exchange is consumed by its read, so its Response is kept beside it.
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
