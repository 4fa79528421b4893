import type { Role } from '../users/user.entity.js';

/** The demo nursery's people (issue: foundation). Passwords are generated on first start. */
export const DEMO_ACCOUNTS: readonly { phone: string; role: Role; name: string; village: string | null }[] = [
  { phone: '13800000001', role: 'manager', name: '李场长', village: '小南庄村' },
  { phone: '13800000002', role: 'technician', name: '赵技术员', village: '小南庄村' },
  { phone: '13800000003', role: 'buyer', name: '王书记', village: '西沟村' },
  { phone: '13800000004', role: 'buyer', name: '陈书记', village: '石门村' },
];

export const DEMO_ZONES = [
  { code: 'gh1', kind: 'greenhouse', name: '1号育苗棚', nameEn: 'Greenhouse 1', heated: true },
  { code: 'gh2', kind: 'greenhouse', name: '2号育苗棚', nameEn: 'Greenhouse 2', heated: true },
  { code: 'gh3', kind: 'greenhouse', name: '3号育苗棚', nameEn: 'Greenhouse 3', heated: true },
  { code: 'germ1', kind: 'germination', name: '催芽室', nameEn: 'Germination room', heated: true },
  { code: 'heal1', kind: 'healing', name: '嫁接愈合室', nameEn: 'Graft-healing room', heated: true },
  { code: 'outdoor', kind: 'outdoor', name: '室外', nameEn: 'Outdoor', heated: false },
] as const;

export const DEMO_SITE = { code: 'xnz', name: '小南庄育苗场', nameEn: 'Xiaonanzhuang nursery' } as const;
