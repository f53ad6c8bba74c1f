/**
 * `npm run bench`: every benchmark in bench/, one after the other, each printing its table and
 * writing bench/results/<name>.json. `npm run bench -- core search` runs only those.
 * `npm run bench -- --quick`: the suites that have a quick mode, at small sizes, ratios to their
 * floors only (CI prints it after the tests; it fails nothing). `--scaling` adds core's scaling table.
 */
type BenchModule = Record<string, (options?: object) => Promise<unknown>>;

/** Each bench/<name>.bench.ts exports run<Name>Bench(options) and also runs alone. */
const quick = process.argv.includes('--quick');
const scaling = process.argv.includes('--scaling');
const suite = (file: string, fn: string) => async () => {
  const mod = (await import(new URL(file, import.meta.url).href)) as BenchModule;
  return mod[fn](quick || scaling ? { quick, scaling } : undefined);
};
/** The suites with a quick mode (small sizes, floors and ratios). */
const QUICK = ['core'];

const suites: Record<string, () => Promise<unknown>> = {
  core: suite('./core.bench.ts', 'runCoreBench'),
  agent: suite('./agent.bench.ts', 'runAgentBench'),
  // relevance (no-overlap and overlap sets, every method side by side), then speed at 100,000 notes
  search: async () => ({ relevance: await suite('./relevance.bench.ts', 'runRelevanceBench')(), scale: await suite('./search.bench.ts', 'runSearchBench')() }),
  encoder: suite('./encoder.bench.ts', 'runEncoderBench'),
  match: suite('./match.bench.ts', 'runMatchBench'),
  analytics: suite('./analytics.bench.ts', 'runAnalyticsBench'),
  mcp: suite('./mcp.bench.ts', 'runMcpBench'),
  web: suite('./web.bench.ts', 'runWebBench'),
  slack: suite('./slack.bench.ts', 'runSlackBench'),
  local: suite('./local.bench.ts', 'runLocalBench'),
  import: suite('./import.bench.ts', 'runImportBench'),
  'crm-sync': suite('./crm-sync.bench.ts', 'runCrmSyncBench'),
  robustness: suite('./robustness.bench.ts', 'runRobustnessBench'),
  calendar: suite('./calendar.bench.ts', 'runCalendarBench'),
  mail: suite('./mail.bench.ts', 'runMailBench'),
  plans: suite('./plans.bench.ts', 'runPlansBench'),
  // issue 19: a session cookie's request against a bearer token's
  'sign-in': suite('./sign-in.bench.ts', 'runSignInBench'),
  // issue 18 item 8: what the workflow rules add to a tool call (all four on against off)
  automation: suite('./automation.bench.ts', 'runAutomationBench'),
  webhooks: suite('./webhooks.bench.ts', 'runWebhooksBench'),
  // issue 21 item 4: twenty clients with different mixes, the load generator in its own process
  'mixed-load': suite('./mixed-load.bench.ts', 'runMixedLoadBench'),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : quick ? QUICK : Object.keys(suites);
let failed = 0;
for (const name of names) {
  const run = suites[name];
  if (!run) {
    process.stderr.write(`unknown benchmark ${name}; known: ${Object.keys(suites).join(', ')}\n`);
    failed++;
    continue;
  }
  process.stdout.write(`\n=== ${name} ===\n`);
  try {
    const result = await run();
    // Suites print their own tables; the full figures go to bench/results/ and, outside quick mode, here.
    if (!quick) process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
  } catch (error) {
    failed++;
    process.stderr.write(`benchmark ${name} failed: ${(error as Error).stack ?? error}\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
