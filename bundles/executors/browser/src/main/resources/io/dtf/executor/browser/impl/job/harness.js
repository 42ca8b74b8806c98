// The harness around a browser task's script (docs: the script contract). An async WebDriver script: its last
// argument is the callback, arguments[0] the context {phase: 'run'|'merge', input, shard, shards, parts}. The task's
// script is put where the USER SCRIPT line is, as the body of an async function with `dtf` in scope; its run and
// merge functions are found after its top-level code has run, so they may use the constants it defines.
const done = arguments[arguments.length - 1];
const context = arguments[0];
const EXPORTS = Symbol('dtf.exports');
const checks = [];
const logs = [];
const text = value => typeof value === 'string' ? value : JSON.stringify(value);
// typed arrays and buffers as plain arrays: WebDriver would give them as objects keyed by index
const plain = value => {
  if (value instanceof ArrayBuffer) return Array.from(new Uint8Array(value));
  if (ArrayBuffer.isView(value)) return Array.from(value, v => typeof v === 'bigint' ? Number(v) : v);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    const copy = {};
    for (const key of Object.keys(value)) copy[key] = plain(value[key]);
    return copy;
  }
  return typeof value === 'bigint' ? Number(value) : value;
};
const dtf = Object.freeze({
  phase: context.phase, input: context.input, shard: context.shard, shards: context.shards, parts: context.parts,
  check(name, passed, message) {
    checks.push({name: String(name), passed: !!passed, message: message == null ? null : text(message)});
    return !!passed;
  },
  log(...values) {
    logs.push(values.map(text).join(' '));
  }
});
const user = async function (dtf) {
/* USER SCRIPT */
;return {[EXPORTS]: true, run: typeof run === 'function' ? run : undefined,
         merge: typeof merge === 'function' ? merge : undefined};
};
(async () => {
  const exported = await user(dtf);
  const functions = exported && exported[EXPORTS] ? exported : null;
  if (context.phase === 'merge') {
    if (!functions || !functions.merge) throw new Error('the script defines no merge(parts, dtf) function');
    return {result: await functions.merge(dtf.parts, dtf), hasMerge: true};
  }
  if (!functions) return {result: exported, hasMerge: false};
  return {result: functions.run ? await functions.run(dtf) : null, hasMerge: !!functions.merge};
})().then(
  outcome => done({result: plain(outcome.result === undefined ? null : outcome.result), hasMerge: outcome.hasMerge,
                   checks, logs}),
  error => done({error: String(error && error.message || error), stack: error && error.stack ? String(error.stack) : null,
                 checks, logs}));
