import { ShapeReader } from './shape.js';
import type { Ec2Instance, LambdaFunction } from './types.js';

/** `aws ec2 describe-instances` output: { Reservations: [{ Instances: [...] }] }, regions merged. */
export function normaliseInstances(raw: unknown, file: string): Ec2Instance[] {
  const read: ShapeReader = new ShapeReader(file);
  const pages = Array.isArray(raw) ? raw : [raw];
  const instances: Ec2Instance[] = [];
  pages.forEach((rawPage, p) => {
    const base = Array.isArray(raw) ? `$[${p}]` : '$';
    const page = read.object(rawPage, base);
    read.array(page.Reservations, `${base}.Reservations`).forEach((rawReservation, r) => {
      const rat = `${base}.Reservations[${r}]`;
      read.optionalArray(read.object(rawReservation, rat).Instances, `${rat}.Instances`).forEach((rawInstance, i) => {
        const at = `${rat}.Instances[${i}]`;
        const inst = read.object(rawInstance, at);
        const placement = inst.Placement === undefined ? {} : read.object(inst.Placement, `${at}.Placement`);
        const zone = read.optionalString(placement, 'AvailabilityZone', `${at}.Placement`);
        const state = inst.State === undefined ? {} : read.object(inst.State, `${at}.State`);
        const metadata =
          inst.MetadataOptions === undefined ? {} : read.object(inst.MetadataOptions, `${at}.MetadataOptions`);
        const profile =
          inst.IamInstanceProfile === undefined
            ? undefined
            : read.object(inst.IamInstanceProfile, `${at}.IamInstanceProfile`);
        const instance: Ec2Instance = {
          instanceId: read.string(inst, 'InstanceId', at),
          // describe-instances has no region field; the availability zone name carries it ("eu-west-1a").
          region: zone ? zone.replace(/[a-z]$/, '') : (read.optionalString(inst, 'Region', at) ?? 'unknown'),
          state: read.optionalString(state, 'Name', `${at}.State`) ?? 'unknown',
          tags: read.tags(inst.Tags, `${at}.Tags`),
        };
        const optional = {
          instanceType: read.optionalString(inst, 'InstanceType', at),
          instanceProfileArn: profile && read.string(profile, 'Arn', `${at}.IamInstanceProfile`),
          httpTokens: read.optionalString(metadata, 'HttpTokens', `${at}.MetadataOptions`) as Ec2Instance['httpTokens'],
          httpEndpoint: read.optionalString(
            metadata,
            'HttpEndpoint',
            `${at}.MetadataOptions`,
          ) as Ec2Instance['httpEndpoint'],
          publicIp: read.optionalString(inst, 'PublicIpAddress', at),
          launchTime: read.optionalString(inst, 'LaunchTime', at),
        };
        for (const [k, v] of Object.entries(optional))
          if (v !== undefined) (instance as unknown as Record<string, unknown>)[k] = v;
        instances.push(instance);
      });
    });
  });
  return instances;
}

/** `aws lambda list-functions` output: { Functions: [...] }, regions merged; FunctionUrlConfig is our extension. */
export function normaliseFunctions(raw: unknown, file: string): LambdaFunction[] {
  const read: ShapeReader = new ShapeReader(file);
  const pages = Array.isArray(raw) ? raw : [raw];
  const functions: LambdaFunction[] = [];
  pages.forEach((rawPage, p) => {
    const base = Array.isArray(raw) ? `$[${p}]` : '$';
    read.array(read.object(rawPage, base).Functions, `${base}.Functions`).forEach((rawFunction, i) => {
      const at = `${base}.Functions[${i}]`;
      const f = read.object(rawFunction, at);
      const arn = read.string(f, 'FunctionArn', at);
      const fn: LambdaFunction = {
        name: read.string(f, 'FunctionName', at),
        arn,
        region: arn.split(':')[3] ?? 'unknown',
        roleArn: read.string(f, 'Role', at),
        tags:
          f.Tags && typeof f.Tags === 'object' && !Array.isArray(f.Tags)
            ? (f.Tags as Record<string, string>)
            : read.tags(f.Tags, `${at}.Tags`),
      };
      const runtime = read.optionalString(f, 'Runtime', at);
      if (runtime) fn.runtime = runtime;
      const lastModified = read.optionalString(f, 'LastModified', at);
      if (lastModified) fn.lastModified = lastModified;
      if (f.FunctionUrlConfig !== undefined && f.FunctionUrlConfig !== null) {
        const url = read.object(f.FunctionUrlConfig, `${at}.FunctionUrlConfig`);
        const authType = read.string(url, 'AuthType', `${at}.FunctionUrlConfig`);
        if (authType !== 'NONE' && authType !== 'AWS_IAM')
          read.fail(`${at}.FunctionUrlConfig.AuthType`, `expected NONE or AWS_IAM, got "${authType}"`);
        const address = read.optionalString(url, 'FunctionUrl', `${at}.FunctionUrlConfig`);
        fn.url = address ? { authType, url: address } : { authType };
      }
      functions.push(fn);
    });
  });
  return functions;
}
