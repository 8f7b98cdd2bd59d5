// The set-up every browser test shares, registered as the describe's hooks: a fake OpenAI provider (when asked
// for), the real headless server, Chromium, what the file seeds, and a page; all stopped after, serve by exit 0.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider, FakeProviderOptions } from '../mocks/types';
import { launchChromium, openSignedIn, showTab, watchErrors } from './browser';
import { adminApi, startServe, type ServeProcess } from './serve-process';

export interface E2EOptions {
  /** Starts a fake OpenAI provider with these options (its `apiKey` the key it takes). */
  fake?: FakeProviderOptions;
  /** Adds the fake as provider `fo` ("Fake OpenAI", openai-compatible) with its key, before `seed`. */
  fakeProvider?: boolean;
  /** What the file sets up through the admin API (or the proxy) once all is started, before the page opens. */
  seed?: (e2e: E2E) => Promise<void>;
  /**
   * The page opened after `seed`, in a new context of `viewport`: signed in to the admin UI (the default),
   * blank (its errors watched), or none (the file opens its own, `signIn()` or through `browser`).
   */
  page?: 'signed-in' | 'blank' | 'none';
  viewport?: { width: number; height: number };
  /** The context may read and write the clipboard at the server's origin. */
  clipboard?: boolean;
  /** Reloads the page before each test, so one that fails leaves no dialog open for the next. */
  reloadEachTest?: boolean;
}

export interface E2E {
  /** Set only with the `fake` option. */
  fake: FakeProvider;
  serve: ServeProcess;
  browser: Browser;
  /** Set by `page` (not 'none') or `signIn()`. */
  context: BrowserContext;
  page: Page;
  /** The page's console errors and uncaught errors. */
  errors: string[];
  /** The admin API with the admin token (`adminApi`). */
  api(method: string, path: string, body?: unknown): Promise<any>;
  /** Opens a tab of `page` and waits until it has loaded (`showTab`). */
  show(tab: string): Promise<void>;
  /** Opens a new context of `viewport` (clipboard granted if asked) and a page in it signed in; becomes `context` and `page`. */
  signIn(): Promise<{ page: Page; errors: string[] }>;
}

/** Call inside a `describe`: its beforeAll starts it all, its afterAll stops it; the fields are set by the time a test runs. */
export function useE2E(options: E2EOptions = {}): E2E {
  const viewport = options.viewport ?? { width: 1280, height: 800 };
  const newContext = async (): Promise<BrowserContext> => {
    e2e.context = await e2e.browser.newContext({ viewport });
    if (options.clipboard) await e2e.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.serve.url });
    return e2e.context;
  };
  const e2e = {
    api: (method: string, path: string, body?: unknown) => adminApi(e2e.serve, method, path, body),
    show: (tab: string) => showTab(e2e.page, tab),
    signIn: async () => {
      ({ page: e2e.page, errors: e2e.errors } = await openSignedIn(await newContext(), e2e.serve));
      return { page: e2e.page, errors: e2e.errors };
    },
  } as E2E;

  beforeAll(async () => {
    if (options.fake) e2e.fake = await startFakeOpenAI(options.fake);
    e2e.serve = await startServe();
    e2e.browser = await launchChromium();
    if (options.fakeProvider) {
      await e2e.api('POST', '/providers', {
        id: 'fo', name: 'Fake OpenAI', type: 'openai-compatible', base_url: e2e.fake.url, api_key: options.fake?.apiKey,
      });
    }
    await options.seed?.(e2e);
    const page = options.page ?? 'signed-in';
    if (page === 'signed-in') await e2e.signIn();
    if (page === 'blank') {
      e2e.page = await (await newContext()).newPage();
      e2e.errors = watchErrors(e2e.page);
    }
  });
  if (options.reloadEachTest) {
    beforeEach(async () => {
      await e2e.page.reload();
      await e2e.page.getByRole('heading', { name: 'Providers', level: 1 }).waitFor();
    });
  }
  afterAll(async () => {
    await e2e.context?.close();
    await e2e.browser?.close();
    const code = await e2e.serve?.stop();
    await e2e.fake?.close();
    expect(code).toBe(0);
  });
  return e2e;
}
