import type { TurnResult } from '../agent/agent.js';
import type { RunOptions } from '../agent/tools/run-tool.js';
import type { Kith } from './open-kith.js';
import type { EndpointInfo } from './local-endpoint-file.js';
import { connectEndpoint } from './local-endpoint-client.js';
import { lazyChatAgent } from './chat-agent.js';

/**
 * What a local command does with Kith, as one user, whether this process opened the data itself
 * or goes through the process that holds it (kith serve, kith mcp): the same calls, the same
 * errors, the same data.
 */
export interface LocalSession {
  user: { id: string; email: string };
  /** The pid of the process the calls go through; undefined when this process opened the data. */
  forwardedTo?: number;
  call(toolName: string, input: unknown, options?: RunOptions): Promise<unknown>;
  chat(text: string, sessionId?: string): Promise<TurnResult>;
  /** A gzipped tarball of the embedded data directory, consistent as of one instant. */
  backup(): Promise<Buffer>;
  close(options?: { embed?: boolean }): Promise<void>;
}

export async function directSession(kith: Kith): Promise<LocalSession> {
  const user = await kith.currentUser();
  const agent = lazyChatAgent(kith);
  return {
    user: { id: user.id, email: user.email },
    call: (toolName, input, options) => kith.call(user.id, toolName, input, options),
    chat: async (text, sessionId) => (await agent()).turn(user.id, text, sessionId),
    backup: async () => {
      if (!kith.database.dumpDataDir) throw new Error('This Kith runs on a PostgreSQL server: back it up with pg_dump (see README, Backups).');
      return Buffer.from(await (await kith.database.dumpDataDir()).arrayBuffer());
    },
    close: (options) => kith.close(options),
  };
}

/** Resolves the user (--user, or the local owner) through the endpoint; throws EndpointUnreachableError when it is gone. */
export async function forwardedSession(info: EndpointInfo, userEmail: string | undefined): Promise<LocalSession> {
  const client = connectEndpoint(info);
  try {
    const user = await client.post<{ id: string; email: string }>('/v1/user', { email: userEmail });
    return {
      user,
      forwardedTo: info.pid,
      call: async (tool, input, options) => {
        // Progress is not forwarded: the holder runs the call in one piece and answers at the end.
        const { value, changeId } = await client.post<{ value: unknown; changeId?: string }>('/v1/call', { userId: user.id, tool, input });
        if (changeId) options?.onChangeSet?.(changeId);
        return value;
      },
      chat: (text, sessionId) => client.post<TurnResult>('/v1/chat', { userId: user.id, text, sessionId }),
      backup: () => client.get('/v1/backup'),
      close: async () => client.close(),
    };
  } catch (error) {
    client.close();
    throw error;
  }
}
