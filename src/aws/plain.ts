/**
 * SDK output as the AWS CLI prints it: without the SDK's `$metadata`, dates as ISO strings. What is written to
 * a snapshot file and what is analysed in memory are then the same data.
 */
export function plain<T extends object>(output: T): Omit<T, '$metadata'> {
  const { $metadata: _metadata, ...rest } = output as T & { $metadata?: unknown };
  return JSON.parse(JSON.stringify(rest)) as Omit<T, '$metadata'>;
}
