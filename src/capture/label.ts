// How a capture file written by `nlscope capture` names its interfaces, so that reading the
// file back labels every message with its network namespace as the live output did:
//   if_name  nlscope0@netns:[4026531840]        (unnamed namespace)
//            nlscope0@netns:[4026532201]:blue   (named: /run/netns/blue)

import type { NetnsLabel } from '../output/frame.js';

export function captureInterfaceName(device: string, ns: NetnsLabel): string {
  return `${device}@netns:[${ns.inode}]${ns.name !== undefined ? `:${ns.name}` : ''}`;
}

const IF_NAME = /^(.+)@netns:\[(\d+)\](?::(.+))?$/s;

/** The device and namespace an if_name written by `captureInterfaceName` holds. */
export function parseCaptureInterfaceName(ifName: string): { device: string; netns: NetnsLabel } | undefined {
  const m = IF_NAME.exec(ifName);
  if (!m) return undefined;
  const inode = Number(m[2]);
  if (!Number.isSafeInteger(inode)) return undefined;
  return { device: m[1]!, netns: m[3] !== undefined ? { inode, name: m[3] } : { inode } };
}
