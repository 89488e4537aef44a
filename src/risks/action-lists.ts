/**
 * Actions that make a grant on Resource "*" risky, by kind of risk. Data exfiltration is a hand list (from
 * Cloudsplaining's DATA_EXFILTRATION_ACTIONS, salesforce/cloudsplaining cloudsplaining/shared/constants.py, and
 * product.md's rule catalog); it keeps only actions that exist in the AWS catalog. ec2:GetPasswordData reveals a
 * credential: it is in the credentials-exposure list.
 */

/** Read the contents of data stores and secrets. */
export const DATA_EXFILTRATION_ACTIONS: readonly string[] = [
  's3:GetObject',
  's3:GetObjectVersion',
  'secretsmanager:GetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'kms:Decrypt',
  'dynamodb:Scan',
  'dynamodb:Query',
  'dynamodb:BatchGetItem',
  'dynamodb:GetItem',
  'rds:DownloadDBLogFilePortion',
  'redshift-data:GetStatementResult',
  'glacier:GetJobOutput',
];

// Resource and credentials exposure come from the action catalog by reviewed rules (exposure-rules.ts).
export { CREDENTIALS_EXPOSURE_ACTIONS, RESOURCE_EXPOSURE_ACTIONS } from './exposure-lists.js';
