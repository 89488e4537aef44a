import { Version2Client, Version3Client } from 'jira.js';
import type { Environment, JiraConfig } from '../config/index.js';
import { ConfigError } from '../errors.js';
import { toAdf } from './adf.js';
import type { JiraGateway } from './gateway.js';
import { RestJiraGateway, type JiraFlavour, type RawIssue } from './rest-gateway.js';
import { toWikiMarkup } from './wiki-markup.js';

export type JiraCredentials = { kind: 'cloud'; email: string; apiToken: string } | { kind: 'server'; token: string };

/** Secrets stay in the environment: JIRA_EMAIL + JIRA_API_TOKEN for Cloud, JIRA_PAT for Data Center/Server. */
export function jiraCredentials(jira: JiraConfig, env: Environment): JiraCredentials {
  const needed = jira.flavour === 'cloud' ? ['JIRA_EMAIL', 'JIRA_API_TOKEN'] : ['JIRA_PAT'];
  const missing = needed.filter((name) => !env[name]);
  if (missing.length > 0)
    throw new ConfigError(
      undefined,
      [
        {
          path: 'jira',
          message: `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set (jira.flavour is ${jira.flavour})`,
        },
      ],
      {
        hint:
          jira.flavour === 'cloud'
            ? 'export JIRA_EMAIL (the Atlassian account) and JIRA_API_TOKEN (an API token of that account)'
            : 'export JIRA_PAT (a personal access token from your Jira profile)',
      },
    );
  return jira.flavour === 'cloud'
    ? { kind: 'cloud', email: env.JIRA_EMAIL!, apiToken: env.JIRA_API_TOKEN! }
    : { kind: 'server', token: env.JIRA_PAT! };
}

/** The jira.js client for the configured flavour, behind the gateway the rest of Rightsize uses. */
export function connectJira(jira: JiraConfig, credentials: JiraCredentials): JiraGateway {
  const common = { host: jira.baseUrl, baseRequestConfig: { timeout: jira.timeoutSeconds * 1000 } };
  if (credentials.kind === 'cloud') {
    const client = new Version3Client({
      ...common,
      authentication: { basic: { email: credentials.email, apiToken: credentials.apiToken } },
    });
    const flavour: JiraFlavour = {
      api: client,
      richText: toAdf,
      assignee: (accountId) => ({ accountId }),
      search: async (jql, fields, maxResults) =>
        ((await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql, fields, maxResults })).issues ??
          []) as RawIssue[],
    };
    return new RestJiraGateway(jira, flavour);
  }
  // A Data Center personal access token is a bearer token; jira.js sends `oauth2.accessToken` as exactly that.
  const client = new Version2Client({ ...common, authentication: { oauth2: { accessToken: credentials.token } } });
  const flavour: JiraFlavour = {
    api: client,
    richText: toWikiMarkup,
    assignee: (name) => ({ name }),
    // Data Center has no /search/jql: its JQL search is /rest/api/2/search (startAt paging).
    search: async (jql, fields, maxResults) =>
      ((await client.issueSearch.searchForIssuesUsingJql({ jql, fields, maxResults })).issues ?? []) as RawIssue[],
  };
  return new RestJiraGateway(jira, flavour);
}
