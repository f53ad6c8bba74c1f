/** A destructive tool's first answer: what it would do, waiting for the person's yes. */
export const isConfirmationRequired = (value: unknown): value is { status: 'confirmation_required'; summary: string } =>
  (value as { status?: unknown } | null)?.status === 'confirmation_required' && typeof (value as { summary?: unknown }).summary === 'string';

/**
 * For a surface that asked the person itself before calling (a command run with --yes, the web
 * page's own dialog): asks for the preview and answers it with the approval the server issued.
 * `call` is the surface's way to run the tool (in process, or through a forwarding endpoint).
 * Apart from run-tool.ts so that a command forwarding its calls loads no database layer for it.
 */
export async function callConfirmed(call: (input: Record<string, unknown>) => Promise<unknown>, input: Record<string, unknown>): Promise<unknown> {
  const preview = await call({ ...input, confirm: false });
  const approvalId = (preview as { approval_id?: unknown } | null)?.approval_id;
  if (!isConfirmationRequired(preview) || typeof approvalId !== 'string') return preview;
  return call({ ...input, confirm: true, approval_id: approvalId });
}
