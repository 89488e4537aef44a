export type UsageSourceKind =
  'access-advisor' | 'cloudtrail' | 'cloudtrail-lake' | 'role-last-used' | 'credential-report';

/** The period usage is judged over: the `days` before the snapshot was collected. */
export interface UsageWindow {
  days: number;
  start: string;
  end: string;
}

/** What one source can say, and over which part of the window. */
export interface SourceCoverage {
  source: UsageSourceKind;
  /** 'action': which actions; 'service': which services; 'principal': only that the principal was used. */
  level: 'action' | 'service' | 'principal';
  /** The part of the window the source has data for (CloudTrail: from its oldest event). */
  from: string;
  to: string;
  coversWindow: boolean;
  detail: string;
}

export interface ActionUsage {
  /** Catalog spelling: "s3:ListBucket". */
  action: string;
  index: number;
  lastUsed: string;
  sources: UsageSourceKind[];
  /** CloudTrail events counted (access advisor reports no counts). */
  events: number;
  resourceArns: string[];
  /** Every recorded use named its resource, so a policy may be scoped to `resourceArns`. */
  resourcesComplete: boolean;
}

export interface ServiceUsage {
  /** IAM service prefix. */
  service: string;
  /** Last use inside the window; absent when the only use is older. */
  lastUsed?: string;
  /** The most recent use any source remembers (access advisor: up to 400 days). */
  lastSeen?: string;
  sources: UsageSourceKind[];
  /**
   * The use in the window is explained by action-level records. When false, a source saw the service used
   * but none says which actions: everything provisioned in the service has to be treated as used.
   */
  actionLevel: boolean;
}

export interface UnmappedEvent {
  eventSource: string;
  eventName: string;
  events: number;
  reason: string;
}

export interface PrincipalUsage {
  arn: string;
  services: ServiceUsage[];
  /** Actions used inside the window, in catalog order. */
  actions: ActionUsage[];
  /** The most recent use of the principal by any source, even outside the window. */
  lastActivity?: { date: string; source: UsageSourceKind };
  /** Sources that hold data about this principal (an empty record is still data: "not used"). */
  coveredBy: UsageSourceKind[];
  unmappedEvents: UnmappedEvent[];
  /** Calls that failed authorisation: not use, and not counted. */
  deniedEvents: number;
}

export interface UsageModel {
  window: UsageWindow;
  sources: SourceCoverage[];
  /** Services whose data-plane actions (data-plane.ts) appear in the events: the trail records their data events. */
  dataEventServices: ReadonlySet<string>;
  /** Usage per principal ARN; groups are the union of their members (`usageOf`). */
  usageOf(principalArn: string): PrincipalUsage;
}
