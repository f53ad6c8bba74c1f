import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isAlive } from './data-dir-lock.js';

/** Where the process holding an embedded data directory says how to reach it. */
export interface EndpointInfo {
  pid: number;
  /** Loopback URL of the endpoint, e.g. http://127.0.0.1:40123 */
  url: string;
  /** Bearer token; the file is readable by its owner only (0600), like the data directory itself. */
  token: string;
}

/** Beside the lock (initdb wants the directory itself empty). */
export const endpointPath = (dataDir: string): string => `${resolve(dataDir)}.endpoint`;

/** Written under a temporary name with mode 0600, then renamed: a reader never sees half a file or a wider mode. */
export function writeEndpointFile(dataDir: string, info: EndpointInfo): void {
  const path = endpointPath(dataDir);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(info), { mode: 0o600 });
  renameSync(tmp, path);
}

export function removeEndpointFile(dataDir: string): void {
  try {
    const current = JSON.parse(readFileSync(endpointPath(dataDir), 'utf8')) as EndpointInfo;
    if (current.pid === process.pid) unlinkSync(endpointPath(dataDir));
  } catch {
    // already gone, or another process's
  }
}

/** The endpoint of a live process holding the directory, if one serves it. */
export function readEndpointFile(dataDir: string): EndpointInfo | undefined {
  let info: EndpointInfo;
  try {
    info = JSON.parse(readFileSync(endpointPath(dataDir), 'utf8')) as EndpointInfo;
  } catch {
    return undefined;
  }
  if (typeof info?.url !== 'string' || typeof info.token !== 'string' || !Number.isInteger(info.pid)) return undefined;
  return isAlive(info.pid) ? info : undefined;
}
