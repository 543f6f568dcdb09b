/**
 * OCCI Infrastructure (GFD-R-P.224) as an extension of the Core model:
 * kinds, mixins, actions, template families and behaviours.
 */
import type { Extension, Problem } from '@occi/core';
import { isCollectionLocation, isSpecScheme, OcciError } from '@occi/core';
import { computeActions, computeBehaviour, computeKind } from './compute.js';
import { userDataBehaviour, userDataMixin } from './contextualization.js';
import { sshKeyMixin } from './credentials.js';
import { ipNetworkBehaviour, ipNetworkMixin } from './ip-network.js';
import { ipNetworkInterfaceBehaviour, ipNetworkInterfaceMixin } from './ip-network-interface.js';
import { networkActions, networkBehaviour, networkKind } from './network.js';
import { networkInterfaceBehaviour, networkInterfaceKind } from './network-interface.js';
import type { SaveOptions } from './save-action.js';
import { storageActions, storageBehaviour, storageKind } from './storage.js';
import { storageLinkBehaviour, storageLinkKind } from './storage-link.js';
import { osTemplateMixin, resourceTemplateMixin, templateFamilies } from './templates.js';

/** The provider scheme of the OS templates (the default catalogue and those `save` creates). */
export const PROVIDER_OS_TEMPLATE_SCHEME = 'http://occi.example/os_tpl#';
/** Where provider OS templates are bound: `/os_tpl/<term>/`. */
export const PROVIDER_OS_TEMPLATE_LOCATION = '/os_tpl/';

/**
 * What Infrastructure 1.1 defined and 1.2 removed. Spec README erratum 5:
 * not defined, and a value for it is refused (400) naming it; the refusal
 * says why, since erocci, MART and rOCCI 4 clients still send it.
 */
export const REMOVED_ATTRIBUTES: Readonly<Record<string, string>> = {
  'occi.compute.speed':
    'Infrastructure 1.1 defined it (CPU clock speed in GHz), 1.2 removed it: leave it out (occi.compute.cores and occi.compute.share describe the CPU now)',
};

export interface InfrastructureOptions {
  /** Scheme of the OS templates `save` creates; default `http://occi.example/os_tpl#`. */
  savedTemplateScheme?: string;
  /** Base path of their locations; default `/os_tpl/`, giving `/os_tpl/<term>/`. */
  savedTemplateLocation?: string;
}

/** The Infrastructure extension, with the scheme and location of saved OS templates chosen by the provider. */
export function createInfrastructure(options: InfrastructureOptions = {}): Extension {
  const save: SaveOptions = {
    scheme: options.savedTemplateScheme ?? PROVIDER_OS_TEMPLATE_SCHEME,
    locationBase: options.savedTemplateLocation ?? PROVIDER_OS_TEMPLATE_LOCATION,
  };
  const problems: Problem[] = [];
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S*#$/.test(save.scheme))
    problems.push({
      code: 'invalid-extension',
      message: `savedTemplateScheme "${save.scheme}" must be a URI ending in "#"`,
    });
  else if (isSpecScheme(save.scheme))
    problems.push({
      code: 'reserved-scheme',
      message: `savedTemplateScheme "${save.scheme}" is under http://schemas.ogf.org/occi/, which is reserved for the OCCI documents`,
    });
  if (!isCollectionLocation(save.locationBase))
    problems.push({
      code: 'invalid-location',
      message: `savedTemplateLocation "${save.locationBase}" must be an absolute path ending in "/"`,
    });
  if (problems.length > 0) throw new OcciError('bad-request', problems);

  return {
    name: 'infrastructure',
    version: '1.2',
    specification: 'GFD-R-P.224',
    kinds: [computeKind, storageKind, storageLinkKind, networkKind, networkInterfaceKind],
    mixins: [
      ipNetworkMixin,
      ipNetworkInterfaceMixin,
      osTemplateMixin,
      resourceTemplateMixin,
      sshKeyMixin,
      userDataMixin,
    ],
    actions: [...computeActions, ...networkActions, ...storageActions],
    templates: templateFamilies,
    removedAttributes: REMOVED_ATTRIBUTES,
    behaviours: [
      computeBehaviour(save),
      storageBehaviour,
      networkBehaviour,
      ipNetworkBehaviour,
      networkInterfaceBehaviour,
      ipNetworkInterfaceBehaviour,
      storageLinkBehaviour,
      userDataBehaviour,
    ],
  };
}

/** OCCI Infrastructure 1.2 with the default provider OS template scheme. */
export const infrastructure: Extension = createInfrastructure();
