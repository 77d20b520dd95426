import { format } from 'node:util';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ErrorCode, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { CliArguments } from './arguments';
import type { CliIO } from './cliIO';
import { limitMessageSize, requestIdOf } from './mcp/messageSizeLimit';
import { registerTools } from './mcp/mcpTools';
import { McpWorkspace } from './mcp/mcpWorkspace';
import { readVersion } from './version';

/** Largest message read from the client, in bytes: a draft at the text limit, escaped, fits. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

const INSTRUCTIONS =
  'Verbatim checks quotations against the writer\'s own library of sources. Before quoting a source, call find_passage and copy its exact words with the citation it gives. After writing text with quotations, call check_quotes and fix every quotation that is not verified.';

/**
 * `verbatim mcp`: the Model Context Protocol server of SPEC section 8a, over stdio. It serves until
 * its input ends, then finishes the calls under way and resolves to 0. Stdout carries the protocol
 * only: every other output goes to stderr.
 */
export async function runMcpServer(args: CliArguments, io: CliIO): Promise<number> {
  keepStdoutForTheProtocol();
  const log: CliIO = { cwd: io.cwd, out: (text) => io.err(text), err: (text) => io.err(text) };
  // A failure outside a call (a stream, a timer) is logged; the server goes on serving.
  process.on('uncaughtException', (error) => log.err(`verbatim mcp: uncaught exception (still serving): ${error.stack ?? error.message}\n`));
  process.on('unhandledRejection', (reason) => log.err(`verbatim mcp: unhandled rejection (still serving): ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`));
  const workspace = new McpWorkspace(args, log);
  const server = new McpServer({ name: 'verbatim', title: 'Verbatim', version: readVersion() }, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  registerTools(server, workspace, { cwd: io.cwd });
  const input = process.stdin.pipe(
    limitMessageSize(MAX_MESSAGE_BYTES, (message) => {
      const id = requestIdOf(message);
      log.err(`verbatim mcp: dropped a message of ${message.bytes} bytes (over ${MAX_MESSAGE_BYTES})\n`);
      // Without an id there is no one to answer: JSON-RPC notifications get no reply.
      if (id !== undefined) {
        void transport.send({ jsonrpc: '2.0', id, error: { code: ErrorCode.InvalidRequest, message: `message too large: ${message.bytes} bytes (at most ${MAX_MESSAGE_BYTES})` } });
      }
    }),
  );
  // The SDK's reader closes the connection past its own buffer limit (10 MB by default): above ours.
  const transport = new StdioServerTransport(input, process.stdout, { maxBufferSize: MAX_MESSAGE_BYTES + 1024 * 1024 });
  transport.onerror = (error) => log.err(`verbatim mcp: ${error.message}\n`);
  const ended = new Promise<void>((resolve) => {
    input.on('end', resolve);
    input.on('close', resolve);
    process.stdin.on('error', () => resolve());
  });
  await server.connect(transport);
  const unanswered = countRequests(transport);
  // The library is opened at once, while the client initializes: the first call finds it warm.
  workspace.library().catch((error: Error) => log.err(`verbatim mcp: ${error.message}\n`));
  await ended;
  await unanswered.none();
  await server.close();
  await workspace.close();
  // A library still loading, or a timer of a background index, would keep the process alive after
  // its client left: everything owed is sent (stdout to a pipe is written synchronously), so end.
  setTimeout(() => process.exit(0), 50).unref();
  return 0;
}

/**
 * Counts the requests the transport received and has not answered yet (set up after the server
 * connected, around its handlers), so the end of input can wait for the calls under way.
 */
function countRequests(transport: StdioServerTransport): { none(): Promise<void> } {
  const open = new Set<string | number>();
  let settled: (() => void) | undefined;
  const receive = transport.onmessage!;
  transport.onmessage = (message: JSONRPCMessage) => {
    if ('method' in message && 'id' in message) open.add(message.id);
    receive(message);
  };
  const send = transport.send.bind(transport);
  transport.send = async (message: JSONRPCMessage) => {
    await send(message);
    if (!('method' in message) && 'id' in message && message.id !== undefined && open.delete(message.id) && open.size === 0) settled?.();
  };
  return {
    none: () => (open.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => (settled = resolve))),
  };
}

/** Sends `console` output to stderr: a library printing to stdout would corrupt the protocol. */
function keepStdoutForTheProtocol(): void {
  const toStderr = (...parts: unknown[]): void => void process.stderr.write(`${format(...parts)}\n`);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
}
