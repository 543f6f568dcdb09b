/**
 * OCCI Platform (GFD-R-P.227) as an extension of the Core model.
 */
import type { Extension } from '@occi/core';
import {
  type ApplicationAddressing,
  applicationActions,
  applicationBehaviour,
  applicationKind,
  defaultAddressing,
} from './application.js';
import { componentActions, componentBehaviour, componentKind } from './component.js';
import { componentLinkBehaviour, componentLinkKind } from './component-link.js';
import { databaseBehaviour, databaseLinkBehaviour, databaseLinkMixin, databaseMixin } from './database.js';
import type { PlatformBackend } from './lifecycle.js';
import { appTplMixin, platformTemplateFamilies, resTplMixin } from './platform-templates.js';

export interface PlatformOptions {
  /** Carries start and stop out; without one, the actions only change the state. */
  backend?: PlatformBackend;
  /** The domain of the default application URLs (`apps.example`). */
  domain?: string;
  /** Replaces the default `occi.app.url` / `occi.app.context` assignment. */
  addressing?: ApplicationAddressing;
}

/** The Platform extension with a backend or addressing of your own. */
export function createPlatform(options: PlatformOptions = {}): Extension {
  const addressing = options.addressing ?? defaultAddressing(options.domain);
  return {
    name: 'platform',
    version: '1.2',
    specification: 'GFD-R-P.227',
    kinds: [applicationKind, componentKind, componentLinkKind],
    mixins: [appTplMixin, resTplMixin, databaseMixin, databaseLinkMixin],
    actions: [...applicationActions, ...componentActions],
    templates: platformTemplateFamilies,
    behaviours: [
      applicationBehaviour(addressing, options.backend),
      componentBehaviour(options.backend),
      componentLinkBehaviour,
      databaseBehaviour,
      databaseLinkBehaviour,
    ],
  };
}

/** The Platform extension: no backend, application URLs under `apps.example`. */
export const platform: Extension = createPlatform();
