/**
 * Actions CloudTrail records only as data events, which trails and lookup-events leave out unless data-event
 * logging is on ("Logging data events", CloudTrail User Guide), or never records (CloudWatch Logs
 * PutLogEvents). Missing from the events is no proof they are unused.
 */
export const DATA_PLANE_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  s3: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectVersion', 's3:DeleteObjectVersion'],
  lambda: ['lambda:InvokeFunction'],
  sns: ['sns:Publish'],
  sqs: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'],
  dynamodb: [
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:BatchGetItem',
    'dynamodb:BatchWriteItem',
  ],
  logs: ['logs:PutLogEvents'],
  kinesis: ['kinesis:PutRecord', 'kinesis:PutRecords', 'kinesis:GetRecords', 'kinesis:GetShardIterator'],
};
