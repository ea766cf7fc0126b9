import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterRes, type RateLimiterPostgres } from 'rate-limiter-flexible';
import { consumeOrRefuse, RateLimitKeys, RateLimitsRepository } from '../common/rate-limits';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** Requests for a new link one address may make per hour (each counts, whatever its outcome). */
export const NEW_LINK_REQUESTS_PER_CLIENT_PER_HOUR = 10;
/** New links one invitation may be sent per day; further requests are answered alike and send nothing. */
export const NEW_LINKS_PER_INVITATION_PER_DAY = 3;

/**
 * Bounds "send me a new link": per client address (a 429, which says nothing about any
 * invitation), and per invitation (silently: the answer stays the same, no mail goes), so that
 * nobody holding an old link can flood its owner's mailbox.
 */
@Injectable()
export class NewLinkThrottle {
  private readonly perClient: RateLimiterPostgres;
  private readonly perInvitation: RateLimiterPostgres;
  private readonly keys: RateLimitKeys;

  constructor(rateLimits: RateLimitsRepository, @Inject(APP_CONFIG) config: AppConfig) {
    this.perClient = rateLimits.limiter({
      keyPrefix: 'respond-new-link-client',
      points: NEW_LINK_REQUESTS_PER_CLIENT_PER_HOUR,
      duration: 3600,
    });
    this.perInvitation = rateLimits.limiter({
      keyPrefix: 'respond-new-link-invitation',
      points: NEW_LINKS_PER_INVITATION_PER_DAY,
      duration: 86_400,
    });
    this.keys = new RateLimitKeys(config.secrets.blindIndexKey);
  }

  /** Counts the request against the address; 429 with Retry-After once its budget is spent. */
  async admitClient(ip: string): Promise<void> {
    await consumeOrRefuse(
      this.perClient,
      this.keys.key('ip', ip),
      'Too many requests for a new survey link from this address; try again later.',
    );
  }

  /** Spends one of the invitation's new links; false when they are spent for now. */
  async spendForInvitation(invitationId: string): Promise<boolean> {
    try {
      await this.perInvitation.consume(this.keys.key('invitation', invitationId));
      return true;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return false;
      throw rejection;
    }
  }
}
