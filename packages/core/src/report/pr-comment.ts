import { getOctokit } from '@actions/github';
import type { Logger } from '../logger.ts';

// One comment per image on a pull request, found again by its hidden marker and edited in place, so that
// every push updates the same comment instead of adding another.

export interface PullRequestCommentOptions {
  token: string;
  owner: string;
  repo: string;
  /** The pull request number. */
  issueNumber: number;
  /** A hidden HTML comment that only this image's comment contains. */
  marker: string;
  body: string;
  logger: Logger;
  /** The REST API root (GITHUB_API_URL on GitHub Enterprise; a stand-in in tests). */
  baseUrl?: string;
}

export interface PostedComment {
  id: number;
  url: string;
  action: 'created' | 'updated';
}

/** Creates the comment, or updates the one that carries `marker`. */
export async function upsertPullRequestComment(options: PullRequestCommentOptions): Promise<PostedComment> {
  const octokit = getOctokit(options.token, options.baseUrl ? { baseUrl: options.baseUrl } : {});
  const where = { owner: options.owner, repo: options.repo };
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    ...where,
    issue_number: options.issueNumber,
    per_page: 100,
  });
  const existing = comments.find((comment) => comment.body?.includes(options.marker));
  if (existing) {
    const { data } = await octokit.rest.issues.updateComment({
      ...where,
      comment_id: existing.id,
      body: options.body,
    });
    options.logger.info(`updated the scan comment ${data.html_url}`);
    return { id: data.id, url: data.html_url, action: 'updated' };
  }
  const { data } = await octokit.rest.issues.createComment({
    ...where,
    issue_number: options.issueNumber,
    body: options.body,
  });
  options.logger.info(`commented the scan on the pull request: ${data.html_url}`);
  return { id: data.id, url: data.html_url, action: 'created' };
}
