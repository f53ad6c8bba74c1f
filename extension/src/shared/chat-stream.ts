/**
 * POST /api/chat answers with the AI SDK's UI message stream (server-sent events): the popup
 * keeps the text of the reply and the tool results it shows as cards.
 */
export interface ChatTurn {
  text: string;
  tools: Array<{ tool: string; input: unknown; output: unknown }>;
  error: string | null;
}

export async function readChatStream(response: Response): Promise<ChatTurn> {
  const turn: ChatTurn = { text: '', tools: [], error: null };
  const inputs = new Map<string, { tool: string; input: unknown }>();
  const source = await response.text();
  for (const line of source.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (!data || data === '[DONE]') continue;
    let part: Record<string, unknown>;
    try {
      part = JSON.parse(data);
    } catch {
      continue;
    }
    if (part.type === 'text-delta' && typeof part.delta === 'string') turn.text += part.delta;
    else if (part.type === 'tool-input-available') inputs.set(String(part.toolCallId), { tool: String(part.toolName), input: part.input });
    else if (part.type === 'tool-output-available') {
      const call = inputs.get(String(part.toolCallId));
      turn.tools.push({ tool: call?.tool ?? 'tool', input: call?.input, output: part.output });
    } else if (part.type === 'error') turn.error = String(part.errorText ?? 'The assistant could not answer.');
  }
  return turn;
}
