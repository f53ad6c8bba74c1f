import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

/** kith serve: the REST API, the chat page and /mcp on one port. */
export function registerServe(program: Command, cli: CliContext): void {
  program
    .command('serve')
    .description('Serve the web page, the REST API (/api), the chat (/api/chat) and MCP (/mcp) on one port')
    .option('--port <port>', 'port (env PORT; default 3000; 0 picks a free one)')
    .option('--host <host>', 'address to bind (env HOST; default 127.0.0.1: the local owner needs no sign-in; any other address requires sign-in)')
    .option('--allowed-host <host...>', 'Host header values accepted by /mcp when bound to a public address (e.g. kith.example.com)')
    .option('--smtp-port <port>', '"BCC Kith": accept mail for users\' own addresses on this SMTP port (env KITH_SMTP_PORT; default off)')
    .option('--require-sign-in', 'everyone signs in, even on a loopback address (behind a reverse proxy on this machine; env KITH_REQUIRE_SIGN_IN=1)')
    .option('--mail-sync-minutes <n>', 'sync connected mailboxes every n minutes (env KITH_MAIL_SYNC_MINUTES; default 10; 0 turns it off)')
    .action(async (opts: { port?: string; host?: string; allowedHost?: string[]; smtpPort?: string; mailSyncMinutes?: string; requireSignIn?: boolean }) => {
      const portText = opts.port ?? process.env.PORT ?? '3000';
      const port = Number(portText);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: "${portText}" is not a port number`);
      const host = opts.host ?? process.env.HOST ?? '127.0.0.1';
      const [{ ensureClientBuilt }, { startServer }] = await Promise.all([
        import('../../web/server/build-client.js'),
        import('../../web/server/start-server.js'),
      ]);
      const [clientDir, kith] = await Promise.all([
        ensureClientBuilt((m) => process.stderr.write(`${m}\n`)),
        cli.open({ serving: true }),
      ]);
      const running = await startServer({ kith, port, host, clientDir, allowedHosts: opts.allowedHost, requireSignIn: opts.requireSignIn || undefined });
      const { startMailJobs } = await import('../../app/mail-jobs.js');
      const mail = await startMailJobs(kith, { host, smtpPort: opts.smtpPort ?? process.env.KITH_SMTP_PORT, syncMinutes: opts.mailSyncMinutes ?? process.env.KITH_MAIL_SYNC_MINUTES });
      process.stderr.write(`Kith is running at ${running.url}${running.localOwner ? ' (as the local owner; no sign-in on this machine)' : ' (sign in on the page with an e-mail and password or a passkey, or with a token: kith token create)'}\n`);
      const stop = async () => {
        await mail.close();
        await running.close();
        await kith.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });
}
