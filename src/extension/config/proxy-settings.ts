/**
 * VS Code's proxy settings, as plain data for core. Endpoints without `tls` settings use the host's
 * fetch, which VS Code itself routes through these settings; endpoints with `tls` settings get an agent
 * of core's own, built from what is read here (and built again when these settings change).
 */
import * as vscode from 'vscode';
import type { ProxySettings } from '../../core/http/types';

/** The settings read (all in the `http` section). */
export const PROXY_SETTING_KEYS = ['http.proxy', 'http.noProxy', 'http.proxyStrictSSL', 'http.proxyAuthorization'] as const;

export function readProxySettings(): ProxySettings {
  const http = vscode.workspace.getConfiguration('http');
  const url = http.get<string>('proxy')?.trim();
  const noProxy = http.get<unknown>('noProxy');
  const authorization = http.get<string | null>('proxyAuthorization');
  return {
    ...(url ? { url } : {}),
    ...(Array.isArray(noProxy) ? { noProxy: noProxy.filter((h): h is string => typeof h === 'string' && h.trim() !== '') } : {}),
    strictSSL: http.get<boolean>('proxyStrictSSL') !== false,
    ...(authorization ? { authorization } : {}),
  };
}

/** Fires when any of the proxy settings changes. */
export function onDidChangeProxySettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (PROXY_SETTING_KEYS.some((k) => e.affectsConfiguration(k))) listener();
  });
}

/** A proxy URL fit to show: any user name and password in it replaced. */
export function shownProxyUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) { u.username = '…'; u.password = ''; }
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(not a URL)';
  }
}
