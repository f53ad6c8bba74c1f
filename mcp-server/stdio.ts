import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Logger } from '../agent/tools/shared/context.js';

/**
 * Serves an MCP server over stdin/stdout until the client closes stdin (or a signal arrives).
 * Only protocol goes to stdout; logs go to stderr. A line that is not JSON, or not JSON-RPC, is
 * answered with a JSON-RPC parse error (-32700) and the server keeps serving.
 */
export async function serveStdio(server: McpServer, log: Logger): Promise<void> {
  const transport = new StdioServerTransport();
  transport.onerror = (error) => {
    const malformed = error instanceof SyntaxError || (error as { name?: string }).name === 'ZodError';
    if (malformed) {
      // No id: the request's id could not be read. (MCP's schema makes the id of an error optional
      // for exactly this case; JSON-RPC's `id: null` is refused by MCP clients, the SDK's included.)
      const reply = { jsonrpc: '2.0', error: { code: -32700, message: `Parse error: the line is not a JSON-RPC message (${error.message.split('\n')[0]})` } };
      void transport.send(reply as unknown as JSONRPCMessage).catch(() => {});
    } else {
      log.error('mcp stdio error', { error: error.message });
    }
  };
  const closed = new Promise<void>((resolve) => {
    const done = () => resolve();
    process.stdin.once('end', done);
    process.stdin.once('close', done);
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    transport.onclose = done;
  });
  await server.connect(transport);
  await closed;
  await server.close().catch(() => {});
}
