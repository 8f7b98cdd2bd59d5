import { describe, expect, it } from 'vitest';
import { fileRendererLocation, isOwnPageUrl, isOwnResourceUrl, rendererLocation } from './renderer-location';

const built = rendererLocation({ appPath: '/opt/my app', isPackaged: false, devUrl: undefined });

describe('rendererLocation', () => {
  it('points at out/renderer/index.html as a file URL', () => {
    expect(built).toEqual({
      kind: 'file',
      url: 'file:///opt/my%20app/out/renderer/index.html',
      dirUrl: 'file:///opt/my%20app/out/renderer/',
    });
  });

  it('uses the dev server in development only, and only on loopback http', () => {
    expect(rendererLocation({ appPath: '/a', isPackaged: false, devUrl: 'http://localhost:5173/' }))
      .toEqual({ kind: 'dev', url: 'http://localhost:5173/', origin: 'http://localhost:5173' });
    expect(rendererLocation({ appPath: '/a', isPackaged: true, devUrl: 'http://localhost:5173/' }).kind).toBe('file');
    expect(rendererLocation({ appPath: '/a', isPackaged: false, devUrl: 'https://evil.example/' }).kind).toBe('file');
  });
});

describe('isOwnPageUrl', () => {
  it('accepts the page with any hash or query', () => {
    expect(isOwnPageUrl('file:///opt/my%20app/out/renderer/index.html', built)).toBe(true);
    expect(isOwnPageUrl('file:///opt/my%20app/out/renderer/index.html#/usage?x=1', built)).toBe(true);
  });

  it('refuses other files, traversal tricks, hosts and schemes', () => {
    for (const url of [
      'file:///opt/my%20app/out/renderer/other.html',
      'file:///opt/my%20app/out/renderer/../renderer2/index.html',
      'file://evil-host/opt/my%20app/out/renderer/index.html',
      'https://opt/my%20app/out/renderer/index.html',
      'about:blank',
      'not a url',
    ]) expect(isOwnPageUrl(url, built), url).toBe(false);
  });

  it('matches the dev server by origin', () => {
    const dev = rendererLocation({ appPath: '/a', isPackaged: false, devUrl: 'http://localhost:5173' });
    expect(isOwnPageUrl('http://localhost:5173/#/models', dev)).toBe(true);
    expect(isOwnPageUrl('http://localhost:5174/', dev)).toBe(false);
  });
});

describe('a Windows checkout opened from a lower-case drive (c:\\...)', () => {
  it("is still our own page: Chromium reports the frame's file URL with the drive upper-cased", () => {
    const win = fileRendererLocation('file:///c:/Users/me/switchboard/out/renderer/index.html');
    expect(win.kind === 'file' && win.url).toBe('file:///C:/Users/me/switchboard/out/renderer/index.html');
    expect(isOwnPageUrl('file:///C:/Users/me/switchboard/out/renderer/index.html#/usage', win)).toBe(true);
    expect(isOwnResourceUrl('file:///C:/Users/me/switchboard/out/renderer/assets/a.js', win)).toBe(true);
    expect(isOwnPageUrl('file:///D:/Users/me/switchboard/out/renderer/index.html', win)).toBe(false);
  });
});

describe('isOwnResourceUrl', () => {
  it('covers assets under out/renderer but nothing outside it', () => {
    expect(isOwnResourceUrl('file:///opt/my%20app/out/renderer/assets/a.js', built)).toBe(true);
    expect(isOwnResourceUrl('file:///opt/my%20app/out/renderer/../main/index.js', built)).toBe(false);
    expect(isOwnResourceUrl('file:///opt/my%20app/out/renderer-evil/a.js', built)).toBe(false);
  });
});
