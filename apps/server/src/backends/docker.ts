/** The Docker backend (@occi/provider-docker): containers, volumes and networks of a Docker or Podman engine. */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import {
  checkUrlTemplate,
  docker,
  type PlatformCatalogueDefinition,
  parsePlatformCatalogue,
} from '@occi/provider-docker';
import { type BackendRow, flag, wholeNumber } from './backend-row.js';

const ENGINE_ADDRESS = /^(unix:\/\/\/.+|tcp:\/\/[^/\s]+:\d+\/?)$/;

export const dockerBackend: BackendRow = {
  name: 'docker',
  summary:
    'computes, storages and networks are containers, volumes and networks of a Docker or Podman engine; applications and components run containers',
  requires: ['infrastructure'],
  osTemplates: true,
  options: [
    {
      key: 'dockerHost',
      flag: '--docker-host',
      env: 'OCCI_DOCKER_HOST',
      value: 'address',
      help: 'the engine for --provider docker: unix:///path/to.sock or tcp://127.0.0.1:PORT',
      required: true,
      convert: (raw) =>
        ENGINE_ADDRESS.test(raw)
          ? { value: raw }
          : { problem: `"${raw}" is not unix:///path/to.sock or tcp://host:port` },
    },
    {
      key: 'dockerDefaultImage',
      flag: '--docker-default-image',
      env: 'OCCI_DOCKER_DEFAULT_IMAGE',
      value: 'image',
      help: 'image of a compute created without an os_tpl (--provider docker)',
      required: true,
      convert: (raw) => (raw.trim() === '' ? { problem: 'an image reference is needed' } : { value: raw }),
    },
    {
      key: 'dockerCertPath',
      flag: '--docker-cert-path',
      env: 'OCCI_DOCKER_CERT_PATH',
      value: 'dir',
      help: 'a directory with ca.pem, cert.pem and key.pem (as DOCKER_CERT_PATH): reach a tcp:// engine over TLS',
      convert: (raw) => (existsSync(raw) ? { value: raw } : { problem: `directory ${raw} does not exist` }),
    },
    {
      key: 'dockerTimeout',
      flag: '--docker-timeout',
      env: 'OCCI_DOCKER_TIMEOUT',
      value: 'seconds',
      help: 'how long a request to the engine may wait for its answer',
      default: '300',
      convert: (raw) => wholeNumber(raw, 1, 3600),
    },
    {
      key: 'dockerDefaultMemory',
      flag: '--docker-default-memory',
      env: 'OCCI_DOCKER_DEFAULT_MEMORY',
      value: 'MiB',
      help: 'memory limit of a container whose compute asks for none (0: none)',
      default: '512',
      convert: (raw) => wholeNumber(raw, 0, 1024 * 1024),
    },
    {
      key: 'dockerPidsLimit',
      flag: '--docker-pids-limit',
      env: 'OCCI_DOCKER_PIDS_LIMIT',
      value: 'number',
      help: 'most processes a container may run',
      default: '1024',
      convert: (raw) => wholeNumber(raw, 16, 4_194_304),
    },
    {
      key: 'dockerStartOnCreate',
      flag: '--docker-start-on-create',
      env: 'OCCI_DOCKER_START_ON_CREATE',
      help: 'start computes, bring storages online and networks up when created (default: the documents’ initial states)',
      convert: flag,
    },
    {
      key: 'dockerPlatformTemplates',
      flag: '--docker-platform-templates',
      env: 'OCCI_DOCKER_PLATFORM_TEMPLATES',
      value: 'file',
      help: 'JSON catalogue of application templates and databases (--provider docker; labelled images are templates too)',
      convert: (raw) => {
        try {
          return { value: parsePlatformCatalogue(JSON.parse(readFileSync(raw, 'utf8'))) };
        } catch (error) {
          return { problem: `${raw}: ${error instanceof Error ? error.message : String(error)}` };
        }
      },
    },
    {
      key: 'dockerDefaultAppTemplate',
      flag: '--docker-default-app-template',
      env: 'OCCI_DOCKER_DEFAULT_APP_TEMPLATE',
      value: 'term',
      help: 'application template of an application or component created without one (--provider docker)',
      convert: (raw) =>
        raw.trim() === '' ? { problem: 'a template term is needed' } : { value: raw.trim() },
    },
    {
      key: 'dockerAppAddress',
      flag: '--docker-app-address',
      env: 'OCCI_DOCKER_APP_ADDRESS',
      value: 'address',
      help: 'host address the ports of applications are published on (--provider docker)',
      default: '127.0.0.1',
      convert: (raw) => (isIP(raw) ? { value: raw } : { problem: `"${raw}" is not an IP address` }),
    },
    {
      key: 'dockerAppUrl',
      flag: '--docker-app-url',
      env: 'OCCI_DOCKER_APP_URL',
      value: 'url',
      help: 'occi.app.url behind your proxy, with {name} and/or {port} (--provider docker; default http://<app address>:{port}/)',
      convert: (raw) => {
        try {
          checkUrlTemplate(raw);
          return { value: raw };
        } catch (error) {
          return { problem: error instanceof Error ? error.message : String(error) };
        }
      },
    },
  ],
  create: (options) =>
    docker({
      engine: options.dockerHost as string,
      defaultImage: options.dockerDefaultImage as string,
      startOnCreate: options.dockerStartOnCreate === true,
      ...(options.dockerCertPath !== undefined ? { certPath: options.dockerCertPath as string } : {}),
      requestTimeoutSeconds: options.dockerTimeout as number,
      defaultMemoryMiB: options.dockerDefaultMemory as number,
      pidsLimit: options.dockerPidsLimit as number,
      platform: {
        ...(options.dockerPlatformTemplates !== undefined
          ? { templates: options.dockerPlatformTemplates as PlatformCatalogueDefinition }
          : {}),
        ...(options.dockerDefaultAppTemplate !== undefined
          ? { defaultTemplate: options.dockerDefaultAppTemplate as string }
          : {}),
        ...(options.dockerAppAddress !== undefined
          ? { publishAddress: options.dockerAppAddress as string }
          : {}),
        ...(options.dockerAppUrl !== undefined ? { url: options.dockerAppUrl as string } : {}),
      },
    }),
  describe: (options) => `docker engine at ${options.dockerHost as string}`,
};
