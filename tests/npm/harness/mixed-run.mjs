// A realistic mixed run as SSE frames (issue 9), for bench/ and the SSE vector test:
// `metadata`, then repeated blocks of reasoning (start, 4 deltas, end), text (start, 30 short
// deltas, some non-ASCII, some with escapes, end), a tool call (start, 4 argument fragments,
// end) and its object result; then `run_metrics` and `done`. JSON is written with a space after
// `:` and `,`, as the contract's wire example.

/** `JSON.stringify` with the wire example's spacing (`{"a": 1, "b": "x"}`). */
export function wireJson(value) {
  return JSON.stringify(value, null, 1).replace(/\n */g, (m, offset, s) => (s[offset - 1] === "[" || s[offset - 1] === "{" || s[offset + m.length] === "]" || s[offset + m.length] === "}" ? "" : " "));
}

const WORDS = ["Hello", " world", ", the", " café", " naïve", " 東京", " \"quoted\"", " line\nbreak", " tab\tstop", " path\\to", " 🙂", " plain"];

/** About `events` frames (whole blocks), with the text the text deltas add up to. */
export function mixedRun(events) {
  const frames = [];
  let text = "";
  const push = (value) => frames.push(`data: ${wireJson(value)}\n\n`);
  push({ type: "metadata", payload: { run_id: 1, teammate_id: 7, usage: { input_tokens: 12 } } });
  const perBlock = 45;
  const blocks = Math.max(1, Math.round((events - 3) / perBlock));
  for (let b = 0; b < blocks; b++) {
    const rid = `rs_${b}`;
    push({ type: "reasoning-start", id: rid });
    for (let i = 0; i < 4; i++) push({ type: "reasoning-delta", id: rid, delta: `thinking step ${i} ` });
    push({ type: "reasoning-end", id: rid });
    const tid = `txt_${b}`;
    push({ type: "text-start", id: tid });
    for (let i = 0; i < 30; i++) {
      const delta = WORDS[(b + i) % WORDS.length];
      text += delta;
      push({ type: "text-delta", id: tid, delta });
    }
    push({ type: "text-end", id: tid });
    const call = `toolu_${b}`;
    push({ type: "tool-call-start", toolCallId: call, toolName: "gmail_search" });
    for (const fragment of ['{"query": ', '"from:ann', ' is:unread"', ', "limit": 5}']) push({ type: "tool-call-delta", toolCallId: call, delta: fragment });
    push({ type: "tool-call-end", toolCallId: call });
    push({ type: "tool-result-end", toolCallId: call, result: { messages: [{ id: "m1", subject: "Lunch?" }, { id: "m2", subject: "Q3 report" }], total: 2 } });
  }
  push({ type: "run_metrics", execution_time_ms: 5321, input_tokens_used: 1200, output_tokens_used: 340, claude_token_cost_usd: 0.0123, stop_reason: "end_turn" });
  push({ type: "done", completion_state: "complete", unresolved_tool_use_ids: [], stop_reason: "end_turn" });
  return { frames, text };
}
