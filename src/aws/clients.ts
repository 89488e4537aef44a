import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { apiName, type ApiCallCounter } from './api-calls.js';
import { DEFAULT_SESSION_NAME, type AccountTarget } from './account-target.js';

/** The credentials of one account: a function the SDK calls whenever it needs (fresh) credentials. */
export type CredentialsProvider = NonNullable<ConstructorParameters<typeof IAMClient>[0]>['credentials'];

export interface AwsClientSettings {
  /** Region for the global services (IAM, STS) and for ec2:DescribeRegions. */
  homeRegion: string;
  /** Attempts per call under the SDK's adaptive retry mode (throttling backs off and rate-limits the client). */
  maxAttempts: number;
  counter?: ApiCallCounter;
  /** Merged into every client's configuration (tests pass a requestHandler here). */
  extraConfig?: Record<string, unknown>;
}

type AnyClient = IAMClient | STSClient | EC2Client | LambdaClient | CloudTrailClient | OrganizationsClient;

/**
 * The SDK clients for one account, one per service and region, created on first use. Endpoints come from the
 * standard AWS configuration (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, the profile), which SDK v3 reads itself.
 */
export class AccountClients {
  private readonly clients = new Map<string, AnyClient>();

  constructor(
    private readonly settings: AwsClientSettings,
    private readonly credentials?: CredentialsProvider,
  ) {}

  iam(): IAMClient {
    return this.client('iam', this.settings.homeRegion, (config) => new IAMClient(config));
  }

  sts(): STSClient {
    return this.client('sts', this.settings.homeRegion, (config) => new STSClient(config));
  }

  ec2(region: string = this.settings.homeRegion): EC2Client {
    return this.client('ec2', region, (config) => new EC2Client(config));
  }

  lambda(region: string): LambdaClient {
    return this.client('lambda', region, (config) => new LambdaClient(config));
  }

  cloudtrail(region: string): CloudTrailClient {
    return this.client('cloudtrail', region, (config) => new CloudTrailClient(config));
  }

  /** AWS Organizations: a global service, called in the home region (the SDK routes it to its one endpoint). */
  organizations(): OrganizationsClient {
    return this.client('organizations', this.settings.homeRegion, (config) => new OrganizationsClient(config));
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private client<C extends AnyClient>(service: string, region: string, create: (config: ClientConfig) => C): C {
    const key = `${service} ${region}`;
    let client = this.clients.get(key) as C | undefined;
    if (!client) {
      client = create(clientConfig(this.settings, region, this.credentials));
      if (this.settings.counter) countCalls(client, this.settings.counter);
      this.clients.set(key, client);
    }
    return client;
  }
}

interface ClientConfig {
  region: string;
  retryMode: 'adaptive';
  maxAttempts: number;
  credentials?: CredentialsProvider;
}

function clientConfig(settings: AwsClientSettings, region: string, credentials?: CredentialsProvider): ClientConfig {
  return {
    region,
    retryMode: 'adaptive',
    maxAttempts: settings.maxAttempts,
    ...(credentials && { credentials }),
    ...settings.extraConfig,
  };
}

/** Counts each operation once (initialize step) and each HTTP attempt (deserialize step runs inside the retry loop). */
export function countCalls(client: AnyClient, counter: ApiCallCounter): void {
  const stack = client.middlewareStack as IAMClient['middlewareStack'];
  stack.add(
    (next, context) => (args) => {
      counter.recordCall(apiName(context.clientName, context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'rightsizeCountCalls' },
  );
  stack.add(
    (next, context) => (args) => {
      counter.recordRequest(apiName(context.clientName, context.commandName));
      return next(args);
    },
    { step: 'deserialize', name: 'rightsizeCountRequests' },
  );
}

/**
 * Credentials for a target: the default chain for the hub's own account, or sts:AssumeRole into the target's
 * role (refreshed before expiry, shared by all of the account's clients so there is one AssumeRole per hour).
 */
export function targetCredentials(target: AccountTarget, settings: AwsClientSettings): CredentialsProvider | undefined {
  if (!target.roleArn) return undefined;
  const provider = fromTemporaryCredentials({
    params: {
      RoleArn: target.roleArn,
      RoleSessionName: target.sessionName ?? DEFAULT_SESSION_NAME,
      ...(target.externalId && { ExternalId: target.externalId }),
      DurationSeconds: 3600,
    },
    clientConfig: { region: settings.homeRegion, retryMode: 'adaptive', maxAttempts: settings.maxAttempts },
    ...(settings.counter && { clientPlugins: [countingPlugin(settings.counter)] }),
  });
  return shareUntilExpiry(provider);
}

function countingPlugin(counter: ApiCallCounter) {
  return { applyToStack: (stack: unknown) => countCalls({ middlewareStack: stack } as AnyClient, counter) };
}

type Identity = { expiration?: Date };

/** One credentials request for all clients, renewed five minutes before the session expires. */
function shareUntilExpiry(provider: (...args: never[]) => Promise<Identity>): CredentialsProvider {
  let current: Promise<Identity> | undefined;
  const renewBy = (identity: Identity) =>
    identity.expiration !== undefined && identity.expiration.getTime() - Date.now() < 5 * 60_000;
  return (async () => {
    if (current) {
      const identity = await current.catch(() => undefined);
      if (identity && !renewBy(identity)) return identity;
    }
    current = provider();
    return current;
  }) as CredentialsProvider;
}

/** The region for IAM and STS: the standard configuration's (AWS_REGION, the profile), else us-east-1. */
export async function resolveHomeRegion(): Promise<string> {
  const probe = new STSClient({});
  try {
    return await probe.config.region();
  } catch {
    return 'us-east-1';
  } finally {
    probe.destroy();
  }
}
