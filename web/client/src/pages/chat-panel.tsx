// first, before the AI SDK's modules build their zod schemas (see zod-config.ts)
import '../zod-config.js';
import { useEffect, useRef, useState } from 'react';
import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport, getToolName, isToolUIPart, type UIMessage } from 'ai';
import { api, ApiError, csrfHeaders, notifyChanged } from '../api.js';
import { ToolCard } from '../cards/tool-card.js';
import { ReadingsCard } from '../cards/misc-cards.js';
import { readChoices } from '../../../../agent/tools/shared/choices.js';

const STORAGE_KEY = 'kith.chat-id';

const newId = () => crypto.randomUUID();

const SUGGESTIONS = ['log coffee with Priya, follow up Friday', 'who do I need to follow up with?', 'show my pipeline'];

/** Loads the current chat (its id is kept in localStorage) before the chat view starts. */
export function ChatPanel() {
  const [chat, setChat] = useState<{ id: string; messages: UIMessage[] } | null>(null);
  useEffect(() => {
    // Only a chat that was saved (it has messages) is kept and loaded: a new one is never asked for.
    const id = localStorage.getItem(STORAGE_KEY);
    if (!id) { setChat({ id: newId(), messages: [] }); return; }
    api<{ messages: UIMessage[] }>(`/chat/${id}`).then(
      (r) => setChat({ id, messages: r.messages }),
      (e) => {
        if (!(e instanceof ApiError && e.status === 404)) console.warn('could not load the chat', e);
        setChat({ id, messages: [] });
      },
    );
  }, []);
  const startNew = () => {
    localStorage.removeItem(STORAGE_KEY);
    setChat({ id: newId(), messages: [] });
  };
  if (!chat) return <section className="chat" aria-label="Chat" aria-busy="true"><p className="muted">Loading the chat…</p></section>;
  return <ChatView key={chat.id} id={chat.id} initial={chat.messages} onNew={startNew} />;
}

function textOf(m: UIMessage): string {
  return m.parts.map((p) => (p.type === 'text' ? p.text : '')).join('').trim();
}

function ChatView({ id, initial, onNew }: { id: string; initial: UIMessage[]; onNew: () => void }) {
  const { messages, sendMessage, status, error, stop } = useChat({
    id,
    messages: initial,
    // The server keeps the conversation: send only the new message (and the approval a card answers).
    transport: new DefaultChatTransport({
      api: '/api/chat',
      headers: () => csrfHeaders(),
      prepareSendMessagesRequest: ({ id: chatId, messages: all, body }) => ({ body: { ...body, id: chatId, message: all[all.length - 1] } }),
    }),
  });
  const [clicked, setClicked] = useState<Map<string, 'approved' | 'denied'>>(new Map());
  const [input, setInput] = useState('');
  const logRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const outputs = useRef(-1);

  // Tell the dashboard and the lists to reload when a tool has produced a result.
  useEffect(() => {
    const n = messages.reduce((sum, m) => sum + m.parts.filter((p) => isToolUIPart(p) && p.state === 'output-available').length, 0);
    if (outputs.current >= 0 && n > outputs.current) notifyChanged();
    outputs.current = n;
  }, [messages]);

  useEffect(() => { if (messages.length > 0) localStorage.setItem(STORAGE_KEY, id); }, [messages.length, id]);

  useEffect(() => {
    logRef.current?.scrollTo({ top: logRef.current.scrollHeight });
  }, [messages, status]);

  const busy = status === 'submitted' || status === 'streaming';
  // A confirmation the server ran shows up as its tool call "approved-<approval id>".
  const answered = new Map(clicked);
  for (const m of messages) {
    for (const p of m.parts) if (isToolUIPart(p) && p.toolCallId.startsWith('approved-')) answered.set(p.toolCallId.slice('approved-'.length), 'approved');
  }
  const approve = (approvalId: string, approved: boolean) => {
    if (busy) return;
    setClicked((m) => new Map(m).set(approvalId, approved ? 'approved' : 'denied'));
    void sendMessage({ text: approved ? 'Yes' : 'No' }, { body: { approval: { id: approvalId, approved } } });
  };
  const send = (text: string) => {
    const t = text.trim();
    if (!t || busy) return;
    void sendMessage({ text: t });
    setInput('');
    inputRef.current?.focus();
  };

  return (
    <section className="chat" aria-label="Chat with Kith">
      <div className="chat-head">
        <h2>Chat</h2>
        <button type="button" className="btn small" onClick={onNew}>New chat</button>
      </div>
      <div className="chat-log" ref={logRef} role="log" aria-live="polite" aria-relevant="additions" aria-label="Conversation">
        {messages.length === 0 && (
          <div className="empty">
            <p>Tell Kith what happened or ask about your network.</p>
            <ul className="suggestions">
              {SUGGESTIONS.map((s) => <li key={s}><button type="button" className="btn ghost" onClick={() => send(s)}>{s}</button></li>)}
            </ul>
          </div>
        )}
        {messages.map((m, index) => {
          const sentence = m.role === 'assistant' ? textOf([...messages.slice(0, index)].reverse().find((x) => x.role === 'user') ?? m) : undefined;
          return (
            <div key={m.id} className={`msg ${m.role}`}>
              <span className="sr-only">{m.role === 'user' ? 'You said:' : 'Kith:'}</span>
              {m.parts.map((p, i) => {
                if (p.type === 'text') {
                  if (!p.text.trim()) return null;
                  // The readings of a question back are buttons while it is the last thing said.
                  const choices = m.role === 'assistant' && index === messages.length - 1 ? readChoices(p.text) : [];
                  return (
                    <div key={i}>
                      <p className="bubble">{p.text}</p>
                      {choices.length > 0 && <ReadingsCard choices={choices} onChoose={busy ? undefined : send} />}
                    </div>
                  );
                }
                if (isToolUIPart(p)) {
                  const name = getToolName(p);
                  return (
                    <ToolCard
                      key={p.toolCallId}
                      part={p}
                      toolName={name}
                      sentence={sentence}
                      onSend={send}
                      onApprove={approve}
                      answered={answered}
                    />
                  );
                }
                return null;
              })}
            </div>
          );
        })}
        {status === 'submitted' && <p className="muted typing">Kith is thinking…</p>}
        {error && <p className="error-text" role="alert">Something went wrong: {error.message}</p>}
      </div>
      <form className="composer" onSubmit={(e) => { e.preventDefault(); send(input); }}>
        <label htmlFor="chat-input" className="sr-only">Message Kith</label>
        <textarea
          id="chat-input"
          ref={inputRef}
          rows={2}
          value={input}
          placeholder="e.g. log coffee with Priya, follow up Friday"
          onChange={(e) => setInput(e.target.value)}
          onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(input); } }}
        />
        {busy ? <button type="button" className="btn" onClick={() => stop()}>Stop</button> : <button type="submit" className="btn primary" disabled={!input.trim()}>Send</button>}
      </form>
    </section>
  );
}
