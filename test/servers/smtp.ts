/**
 * A loopback SMTP server for tests, built on smtp-server: listens on 127.0.0.1
 * on a free port, parses every message it accepts with mailparser, and can
 * misbehave the ways real relays do: ask for a login, refuse every login,
 * drop the connection halfway through a message, or stop answering.
 * `close()` destroys open connections, so a stalled test still shuts down.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export type SmtpBehaviour =
  /** Take every message and answer 250. */
  | 'accept'
  /** Read the first bytes of the message, then cut the connection without a reply. */
  | 'drop-mid-message'
  /** Read the message, then never reply (a server slower than any timeout). */
  | 'stall';

export interface SmtpServerOptions {
  /** Require a login with exactly these credentials (others get 535). */
  auth?: { user: string; pass: string };
  /** Ask for a login and refuse every one with 535. */
  rejectAuth?: boolean;
  behaviour?: SmtpBehaviour;
  /** Answer the first N connections with 421 "try again later", as a busy relay does. */
  busyConnections?: number;
  /** Offer STARTTLS with smtp-server's built-in test certificate (clients must not verify it). Default: not offered. */
  starttls?: boolean;
}

export interface ReceivedMessage {
  envelope: { from: string; to: string[] };
  /** The user the client logged in as, if it did. */
  user?: string;
  raw: Buffer;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  host: '127.0.0.1';
  port: number;
  /** Messages accepted, in arrival order. */
  messages: ReceivedMessage[];
  /** Connections opened: one per sending attempt for a non-pooled client. */
  connections: number;
  /** Login attempts, accepted or not. */
  logins: { user: string; accepted: boolean }[];
  /** Messages whose DATA began, delivered or not. */
  dataStarted: number;
  /** Resolves once `count` messages have been accepted and parsed. */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  close(): Promise<void>;
}

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const behaviour = options.behaviour ?? 'accept';
  const needsLogin = Boolean(options.auth || options.rejectAuth);
  const sockets = new Set<Socket>();
  const pending: Promise<void>[] = [];

  const state: TestSmtpServer = {
    host: '127.0.0.1',
    port: 0,
    messages: [],
    connections: 0,
    logins: [],
    dataStarted: 0,
    async waitForMessages(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (state.messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${state.messages.length} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await Promise.all(pending);
      return state.messages;
    },
    close: async () => {},
  };

  const serverOptions: SMTPServerOptions = {
    logger: false,
    banner: 'Backstop test relay',
    authOptional: !needsLogin,
    allowInsecureAuth: true,
    disabledCommands: options.starttls ? [] : ['STARTTLS'],
    closeTimeout: 100,
    onConnect(_session, callback) {
      state.connections++;
      if (state.connections <= (options.busyConnections ?? 0)) {
        callback(Object.assign(new Error('4.3.2 Too busy, try again later'), { responseCode: 421 }));
        return;
      }
      callback();
    },
    onAuth(auth, _session, callback) {
      const user = auth.username ?? '';
      const accepted = !options.rejectAuth && options.auth !== undefined && user === options.auth.user && auth.password === options.auth.pass;
      state.logins.push({ user, accepted });
      if (!accepted) {
        const error = Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 });
        callback(error);
        return;
      }
      callback(null, { user });
    },
    onData(stream, session, callback) {
      state.dataStarted++;
      if (behaviour === 'drop-mid-message') {
        stream.once('data', () => {
          for (const socket of sockets) if (socket.remotePort === session.remotePort) socket.destroy();
        });
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (behaviour === 'stall') return; // never call back: the client waits for a reply that never comes
        const raw = Buffer.concat(chunks);
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
        };
        const user = typeof session.user === 'string' ? session.user : undefined;
        const parsing = simpleParser(raw).then((parsed) => {
          state.messages.push({ envelope, user, raw, parsed });
        });
        pending.push(parsing);
        parsing.then(
          () => callback(null, 'Queued by the Backstop test relay'),
          (error: Error) => callback(error),
        );
      });
    },
  };

  const server = new SMTPServer(serverOptions);
  // Connections the tests cut on purpose surface here; they are expected.
  server.on('error', () => {});
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  state.port = (server.server.address() as AddressInfo).port;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return state;
}

/** A loopback port with nothing listening on it: connecting is refused. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
