/** Every check, in the order of the report: by document, then section. */
import { coreCollectionChecks } from './checks/core-collections.js';
import { coreEntityChecks } from './checks/core-entities.js';
import { coreModelChecks } from './checks/core-model.js';
import { crtpChecks } from './checks/crtp.js';
import { httpCollectionChecks } from './checks/http-collections.js';
import { httpEntityChecks } from './checks/http-entities.js';
import { httpErrorPageFilterChecks } from './checks/http-errors.js';
import { httpProtocolChecks } from './checks/http-protocol.js';
import { httpQueryChecks } from './checks/http-query.js';
import { infraTemplateChecks } from './checks/infra-templates.js';
import { infrastructureChecks } from './checks/infrastructure.js';
import { jsonChecks } from './checks/json.js';
import { jsonEntityChecks } from './checks/json-entities.js';
import { platformChecks } from './checks/platform.js';
import { slaChecks } from './checks/sla.js';
import { textOcciChecks } from './checks/text-occi.js';
import { textPlainChecks } from './checks/text-plain.js';
import { uriListChecks } from './checks/uri-list.js';
import type { Check } from './types.js';
import { DOCUMENT_KEYS } from './types.js';

export function allChecks(): Check[] {
  const all = [
    ...coreModelChecks,
    ...coreEntityChecks,
    ...coreCollectionChecks,
    ...httpProtocolChecks,
    ...httpErrorPageFilterChecks,
    ...httpQueryChecks,
    ...httpEntityChecks,
    ...httpCollectionChecks,
    ...textPlainChecks,
    ...textOcciChecks,
    ...uriListChecks,
    ...jsonChecks,
    ...jsonEntityChecks,
    ...infrastructureChecks,
    ...infraTemplateChecks,
    ...platformChecks,
    ...slaChecks,
    ...crtpChecks,
  ];
  return DOCUMENT_KEYS.flatMap((d) => all.filter((c) => c.doc === d));
}
