import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync, existsSync, chmodSync, chownSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { tmpdir, userInfo } from 'node:os';

export interface Dovecot {
  host: '127.0.0.1';
  port: number;
  /** A user with a password; their mail lives in the temp directory. */
  user: string;
  password: string;
  stop(): Promise<void>;
}

export const DOVECOT_BINARY = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => existsSync(p)) ?? 'dovecot';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address() as AddressInfo; s.close(() => resolve(port)); });
  });
}

async function waitForGreeting(port: number, deadline: number, log: () => string): Promise<void> {
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', (d) => { socket.destroy(); resolve(d.toString().startsWith('* OK')); });
      socket.once('error', () => resolve(false));
      setTimeout(() => { socket.destroy(); resolve(false); }, 1000);
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dovecot did not start on port ${port}: ${log()}`);
}

/**
 * A real dovecot IMAP server (Debian's dovecot-imapd) for one test file: its own config in a temp
 * directory, a free 127.0.0.1 port, passwd-file auth, Maildir under the temp directory, run in the
 * foreground as a child process (no system service). stop() ends it and removes the directory.
 */
export async function startDovecot(options: { user?: string; password?: string } = {}): Promise<Dovecot> {
  const user = options.user ?? 'alice';
  const password = options.password ?? 'imap-password-1';
  const dir = mkdtempSync(join(tmpdir(), 'kith-dovecot-'));
  chmodSync(dir, 0o755);
  for (const d of ['run', 'state', 'home']) mkdirSync(join(dir, d), { recursive: true });
  const port = await freePort();
  const me = userInfo();
  const login = me.uid === 0 ? 'dovenull' : me.username;
  const internal = me.uid === 0 ? 'dovecot' : me.username;
  // dovecot never keeps mail as root: as root, the mail belongs to its own "dovecot" user
  const mailUid = me.uid === 0 ? Number(execFileSync('id', ['-u', 'dovecot']).toString().trim()) : me.uid;
  const mailGid = me.uid === 0 ? Number(execFileSync('id', ['-g', 'dovecot']).toString().trim()) : me.gid;
  chownSync(join(dir, 'home'), mailUid, mailGid);
  writeFileSync(join(dir, 'users'), `${user}:{PLAIN}${password}::::\n`);
  writeFileSync(join(dir, 'dovecot.conf'), [
    'protocols = imap',
    'listen = 127.0.0.1',
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `log_path = ${dir}/dovecot.log`,
    `info_log_path = ${dir}/dovecot.log`,
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    `default_login_user = ${login}`,
    `default_internal_user = ${internal}`,
    `default_internal_group = ${me.uid === 0 ? 'dovecot' : execFileSync('id', ['-gn']).toString().trim()}`,
    'mail_location = maildir:~/Maildir',
    'mail_privileged_group =',
    'first_valid_uid = 1',
    'namespace inbox {',
    '  inbox = yes',
    '  separator = /',
    '  mailbox Sent {',
    '    special_use = \\Sent',
    '    auto = create',
    '  }',
    '}',
    `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${dir}/users\n}`,
    `userdb {\n  driver = static\n  args = uid=${mailUid} gid=${mailGid} home=${dir}/home/%u\n}`,
    `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    'service anvil {\n  chroot =\n}',
    'service imap-login {\n  chroot =\n}',
    'service stats {\n  unix_listener stats-writer {\n    mode = 0666\n  }\n}',
    '',
  ].join('\n'));
  const child: ChildProcess = spawn(DOVECOT_BINARY, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => { output += d; });
  child.stderr?.on('data', (d) => { output += d; });
  const log = () => output + (existsSync(join(dir, 'dovecot.log')) ? readFileSync(join(dir, 'dovecot.log'), 'utf8').slice(-2000) : '');
  try {
    await waitForGreeting(port, Date.now() + 15_000, log);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    host: '127.0.0.1', port, user, password,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
