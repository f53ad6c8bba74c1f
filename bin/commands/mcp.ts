import type { Command } from 'commander';
import { withKith, type CliContext } from '../cli-context.js';

export function registerMcp(program: Command, cli: CliContext): void {
  program
    .command('mcp')
    .description('Serve the catalog over MCP on stdin/stdout (for Claude Desktop, Claude Code, ...), as --user or the local owner')
    .action(async () => {
      const [{ createMcpServer }, { serveStdio }] = await Promise.all([
        import('../../mcp-server/create-server.js'),
        import('../../mcp-server/stdio.js'),
      ]);
      await withKith(cli, async (kith) => {
        const user = await kith.currentUser();
        kith.log.info('mcp: serving on stdio', { user: user.email });
        await serveStdio(createMcpServer({ kith, userId: user.id }), kith.log);
      });
    });
}
