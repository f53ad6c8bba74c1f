import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import type { LocalSession } from '../../app/local-session.js';
import type { McpSession } from '../../mcp-server/context.js';

export function registerMcp(program: Command, cli: CliContext): void {
  program
    .command('mcp')
    .description('Serve the catalog over MCP on stdin/stdout (for Claude Desktop, Claude Code, ...), as --user or the local owner')
    .action(async () => {
      const [{ createMcpServer }, { serveStdio }, { stderrLogger }] = await Promise.all([
        import('../../mcp-server/create-server.js'),
        import('../../mcp-server/stdio.js'),
        import('../../agent/tools/shared/context.js'),
      ]);
      const config = cli.config();
      const log = stderrLogger(config.logLevel);
      // The database opens once tools/list is answered, or on the first request that needs it, so a
      // client sees the tools without waiting for it; a bad --user shows on the first call. When
      // another Kith process (kith serve) holds the directory, the calls go through it.
      let session: LocalSession | undefined;
      let opening: Promise<McpSession> | undefined;
      const open = () => (opening ??= (async () => {
        const opened = await cli.session({ serving: true });
        session = opened;
        log.info('mcp: serving on stdio', { user: opened.user.email, ...(opened.forwardedTo ? { through: opened.forwardedTo } : {}) });
        return { kith: { call: (_userId, tool, input) => opened.call(tool, input), log }, userId: opened.user.id };
      })());
      try {
        await serveStdio(createMcpServer({ open }), log);
      } finally {
        await (session as LocalSession | undefined)?.close();
      }
    });
}
