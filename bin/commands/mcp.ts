import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import type { Kith } from '../../app/open-kith.js';

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
      // client sees the tools without waiting for it; a bad --user shows on the first call.
      let kith: Kith | undefined;
      let opening: Promise<{ kith: Kith; userId: string }> | undefined;
      const open = () => (opening ??= (async () => {
        kith = await cli.open({ serving: true });
        const user = await kith.currentUser();
        log.info('mcp: serving on stdio', { user: user.email });
        return { kith, userId: user.id };
      })());
      try {
        await serveStdio(createMcpServer({ open }), log);
      } finally {
        await (kith as Kith | undefined)?.close();
      }
    });
}
