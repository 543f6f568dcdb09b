/**
 * The type identifiers of OCCI Infrastructure (Infrastructure §3, table 1,
 * and the scheme/term pairs of §3.1–§3.5): kinds, mixins and actions.
 */
import { typeIdentifier } from '@occi/core';

/** `http://schemas.ogf.org/occi/infrastructure#`: the scheme of the kinds and of os_tpl/resource_tpl. */
export const INFRASTRUCTURE_SCHEME = 'http://schemas.ogf.org/occi/infrastructure#';
/** Infrastructure §3.2.1: the scheme of the IPNetwork mixin. */
export const NETWORK_SCHEME = 'http://schemas.ogf.org/occi/infrastructure/network#';
/** Infrastructure §3.4.1.1: the scheme of the IPNetworkInterface mixin. */
export const NETWORKINTERFACE_SCHEME = 'http://schemas.ogf.org/occi/infrastructure/networkinterface#';
/** Infrastructure §3.5.2.1: the scheme of the credentials mixin. */
export const CREDENTIALS_SCHEME = 'http://schemas.ogf.org/occi/infrastructure/credentials#';
/** Infrastructure §3.5.2.2: the scheme of the contextualization mixin. */
export const COMPUTE_SCHEME = 'http://schemas.ogf.org/occi/infrastructure/compute#';
/** Infrastructure §3.1, table 3: the scheme of the Compute actions. */
export const COMPUTE_ACTION_SCHEME = 'http://schemas.ogf.org/occi/infrastructure/compute/action#';
/** Infrastructure §3.2, table 5: the scheme of the Network actions. */
export const NETWORK_ACTION_SCHEME = 'http://schemas.ogf.org/occi/infrastructure/network/action#';
/** Infrastructure §3.3, table 8: the scheme of the Storage actions. */
export const STORAGE_ACTION_SCHEME = 'http://schemas.ogf.org/occi/infrastructure/storage/action#';

const id = (scheme: string, term: string) => typeIdentifier({ scheme, term });

export const COMPUTE_KIND = id(INFRASTRUCTURE_SCHEME, 'compute');
export const STORAGE_KIND = id(INFRASTRUCTURE_SCHEME, 'storage');
export const STORAGELINK_KIND = id(INFRASTRUCTURE_SCHEME, 'storagelink');
export const NETWORK_KIND = id(INFRASTRUCTURE_SCHEME, 'network');
export const NETWORKINTERFACE_KIND = id(INFRASTRUCTURE_SCHEME, 'networkinterface');

export const IPNETWORK_MIXIN = id(NETWORK_SCHEME, 'ipnetwork');
export const IPNETWORKINTERFACE_MIXIN = id(NETWORKINTERFACE_SCHEME, 'ipnetworkinterface');
export const OS_TPL = id(INFRASTRUCTURE_SCHEME, 'os_tpl');
export const RESOURCE_TPL = id(INFRASTRUCTURE_SCHEME, 'resource_tpl');
export const SSH_KEY_MIXIN = id(CREDENTIALS_SCHEME, 'ssh_key');
export const USER_DATA_MIXIN = id(COMPUTE_SCHEME, 'user_data');

export const COMPUTE_START_ACTION = id(COMPUTE_ACTION_SCHEME, 'start');
export const COMPUTE_STOP_ACTION = id(COMPUTE_ACTION_SCHEME, 'stop');
export const COMPUTE_RESTART_ACTION = id(COMPUTE_ACTION_SCHEME, 'restart');
export const COMPUTE_SUSPEND_ACTION = id(COMPUTE_ACTION_SCHEME, 'suspend');
export const COMPUTE_SAVE_ACTION = id(COMPUTE_ACTION_SCHEME, 'save');
export const NETWORK_UP_ACTION = id(NETWORK_ACTION_SCHEME, 'up');
export const NETWORK_DOWN_ACTION = id(NETWORK_ACTION_SCHEME, 'down');
export const STORAGE_ONLINE_ACTION = id(STORAGE_ACTION_SCHEME, 'online');
export const STORAGE_OFFLINE_ACTION = id(STORAGE_ACTION_SCHEME, 'offline');
