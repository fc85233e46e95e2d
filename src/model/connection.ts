// How a registry is reached: what a spec declares for a source and the CLI's connection options give.
export interface ConnectionOptions {
  url: string;
  username?: string;
  password?: string;
  token?: string;
  headers?: Record<string, string>;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecure?: boolean;
  timeoutMs?: number;
  retries?: number;
  concurrency?: number;
  /** Base of the exponential backoff; tests make it small. */
  backoffMs?: number;
}

/** A live registry's location (http or https), as opposed to a file. */
export function isUrl(location: string): boolean {
  return /^https?:\/\//i.test(location);
}
