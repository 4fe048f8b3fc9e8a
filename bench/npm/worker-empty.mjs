// The baseline Worker for cold start: no imports, answers at once.
export default {
  async fetch() {
    return Response.json({ ok: 1, n: 1 });
  },
};
