// The stage names alone, without the SDK: `collect --help` lists them and `collect` checks --skip against them.
export const STAGES = ['credential-report', 'ec2', 'lambda', 'access-advisor', 'cloudtrail'] as const;
/** The optional stages; IAM authorization details are always collected (a snapshot needs them). */
export type Stage = (typeof STAGES)[number];
