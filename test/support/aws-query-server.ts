import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface QueryAnswer {
  status: number;
  /** The XML AWS would send. */
  body: string;
}

export interface QueryServer {
  /** For AWS_ENDPOINT_URL. */
  url: string;
  close: () => Promise<void>;
}

/**
 * A local endpoint for AWS's query protocol (IAM, STS) on 127.0.0.1, for tests of the real SDK clients and HTTP stack
 * (aws-sdk-client-mock replaces `send` and sees neither the retries nor the credential provider's calls): each
 * request is answered by `respond` from its `Action`.
 */
export async function startQueryServer(
  respond: (action: string, request: IncomingMessage) => QueryAnswer,
): Promise<QueryServer> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const answer = respond(new URLSearchParams(body).get('Action') ?? '?', req);
      res.writeHead(answer.status, { 'content-type': 'text/xml' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
