import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake model does with one request: answer text, call tools, fail, or hang. */
export type FakeReply =
  | { text: string }
  | { toolCalls: Array<{ name: string; arguments: string }> }
  | { status: number; body?: unknown }
  | { hangMs: number };

export interface ChatRequest {
  model: string;
  stream?: boolean;
  messages: Array<{ role: string; content?: unknown; tool_calls?: unknown[]; tool_call_id?: string }>;
  tools?: Array<{ type: 'function'; function: { name: string; description?: string; parameters: unknown } }>;
}

export interface FakeOpenAi {
  baseURL: string;
  requests: ChatRequest[];
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });

/**
 * A chat-completions server on 127.0.0.1 that speaks OpenAI's wire format, streaming (SSE chunks
 * with tool-call argument deltas) and not, so the real @ai-sdk/openai provider can be driven by a script.
 */
export async function startFakeOpenAi(script: (request: ChatRequest, index: number) => FakeReply): Promise<FakeOpenAi> {
  const requests: ChatRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const request = JSON.parse(await readBody(req)) as ChatRequest;
    requests.push(request);
    const reply = script(request, requests.length - 1);
    if ('hangMs' in reply) {
      const timer = setTimeout(() => res.destroy(), reply.hangMs);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    if ('status' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json' })
        .end(JSON.stringify(reply.body ?? { error: { message: 'The server had an error', type: 'server_error' } }));
      return;
    }
    const id = `chatcmpl-${requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    const toolCalls = 'toolCalls' in reply ? reply.toolCalls.map((t, i) => ({ index: i, id: `call_${requests.length}_${i}`, type: 'function' as const, function: t })) : undefined;
    const finish = toolCalls ? 'tool_calls' : 'stop';
    const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
    if (!request.stream) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
        id, object: 'chat.completion', created, model: request.model,
        choices: [{ index: 0, message: { role: 'assistant', content: 'text' in reply ? reply.text : null, tool_calls: toolCalls?.map(({ index: _i, ...t }) => t) }, finish_reason: finish }],
        usage,
      }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunk = (delta: unknown, finish_reason: string | null = null, extra: object = {}) =>
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: request.model, choices: [{ index: 0, delta, finish_reason }], ...extra })}\n\n`);
    chunk({ role: 'assistant', content: '' });
    if ('text' in reply) {
      for (const piece of reply.text.match(/.{1,12}/gs) ?? []) chunk({ content: piece });
    } else {
      for (const t of toolCalls!) {
        chunk({ tool_calls: [{ index: t.index, id: t.id, type: 'function', function: { name: t.function.name, arguments: '' } }] });
        for (const piece of t.function.arguments.match(/.{1,10}/gs) ?? []) chunk({ tool_calls: [{ index: t.index, function: { arguments: piece } }] });
      }
    }
    chunk({}, finish);
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: request.model, choices: [], usage })}\n\n`);
    res.end('data: [DONE]\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
