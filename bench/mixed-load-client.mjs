// The mixed-load generator (issue 21, item 4), in its own process so that its work never queues
// beside the server's: CLIENTS clients, each with its own mix of lists, searches, dashboards and
// writes, one request at a time each, for SECONDS. Prints one JSON object: every latency by kind,
// the failures, and the ids of the writes the server acknowledged (the bench checks they exist).
//   node bench/mixed-load-client.mjs '{"url":"http://127.0.0.1:1234","clients":20,"seconds":30,"contacts":10000}'
const { url, clients, seconds, contacts, token } = JSON.parse(process.argv[2]);
const headers = { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) };
const FRAGMENTS = ['pri', 'chen', 'whitf', 'stripe', 'kwa', 'silva1', 'doe2', 'marc', 'ito'];
const WORDS = ['kubernetes', 'hiring', 'platform', 'migration', 'bench'];
const TYPES = ['call', 'email', 'meeting', 'coffee_chat'];
const email = (n) => `person${1 + (n % contacts)}@example.com`;

/** Each kind of request: how to make its n-th request. */
const KINDS = {
  list_contacts: (n) => ({ path: `/api/contacts?limit=25&sort=${['name', 'company', 'last_contact'][n % 3]}` }),
  list_opportunities: () => ({ path: '/api/opportunities' }),
  list_follow_ups: () => ({ path: '/api/follow-ups?window=this_week' }),
  list_tasks: () => ({ path: '/api/tasks' }),
  activity_feed: () => ({ path: '/api/activities' }),
  find_contact: (n) => ({ path: `/api/contacts?q=${FRAGMENTS[n % FRAGMENTS.length]}` }),
  search_notes: (n) => ({ path: `/api/search?q=${WORDS[n % WORDS.length]}` }),
  dashboard: () => ({ path: '/api/dashboard' }),
  agenda: () => ({ path: '/api/agenda' }),
  pipeline: () => ({ path: '/api/pipeline' }),
  log_interaction: (n, client) => ({ method: 'POST', path: '/api/interactions', body: { contact: email(client * 7919 + n * 31), interaction_type: TYPES[n % TYPES.length], notes: `mixed load ${client}-${n}` }, ack: 'interaction' }),
  add_contact: (n, client) => ({ method: 'POST', path: '/api/contacts', body: { first_name: 'Load', last_name: `Client${client}n${n}`, email: `load-${client}-${n}@example.com` }, ack: 'contact' }),
  schedule_follow_up: (n, client) => ({ method: 'POST', path: '/api/follow-ups', body: { contact: email(client * 104729 + n * 17), date: '2026-12-15' } }),
};

/** Twenty different mixes: each client leans on a different part of the product. */
const MIX_BASES = [
  { list_contacts: 3, find_contact: 3, dashboard: 1, log_interaction: 1 },
  { dashboard: 3, agenda: 2, pipeline: 2, list_follow_ups: 1 },
  { search_notes: 2, find_contact: 2, list_contacts: 1 },
  { log_interaction: 3, add_contact: 1, schedule_follow_up: 1, list_contacts: 1 },
  { list_opportunities: 2, pipeline: 2, activity_feed: 2, list_tasks: 1, log_interaction: 1 },
];
const mixFor = (client) => {
  const base = MIX_BASES[client % MIX_BASES.length];
  // the same base in four variants: one of its kinds doubled, so no two clients send the same mix
  const kinds = Object.keys(base);
  const doubled = kinds[Math.floor(client / MIX_BASES.length) % kinds.length];
  return Object.entries(base).flatMap(([kind, weight]) => Array(kind === doubled ? weight * 2 : weight).fill(kind));
};

// One of each kind first, unrecorded: the first search loads the sentence encoder, which a
// serving Kith has done long before its users arrive.
for (const make of Object.values(KINDS)) {
  const request = make(0, -1);
  await fetch(`${url}${request.path}`, { method: request.method ?? 'GET', headers, body: request.body ? JSON.stringify({ ...request.body, ...(request.ack === 'contact' ? { email: 'warm-up@example.com', last_name: 'WarmUp' } : {}) }) : undefined }).then((r) => r.text());
}

const latencies = {};
const failures = [];
const acknowledged = { interaction: [], contact: [] };
const stopAt = performance.now() + seconds * 1000;

async function runClient(client) {
  const mix = mixFor(client);
  for (let n = 0; performance.now() < stopAt; n++) {
    const kind = mix[(n * 7 + client) % mix.length];
    const request = KINDS[kind](n, client);
    const started = performance.now();
    try {
      const res = await fetch(`${url}${request.path}`, { method: request.method ?? 'GET', headers, body: request.body ? JSON.stringify(request.body) : undefined });
      const text = await res.text();
      const ms = performance.now() - started;
      (latencies[kind] ??= []).push(ms);
      if (!res.ok) { failures.push({ kind, status: res.status, body: text.slice(0, 200) }); continue; }
      if (request.ack) acknowledged[request.ack].push(JSON.parse(text)[request.ack].id);
    } catch (error) {
      failures.push({ kind, error: String(error?.message ?? error) });
    }
  }
}

await Promise.all(Array.from({ length: clients }, (_, client) => runClient(client)));
process.stdout.write(JSON.stringify({ latencies, failures, acknowledged }));
