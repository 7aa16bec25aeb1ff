/**
 * Demo directory from seed 001 (梁平卫计发〔2018〕128号, 三、1): the two Liangping 医联体 with
 * every member institution the notice lists. Populations are demo figures (the notice gives
 * none); village clinics join with their township center (三、1) and are named as demos.
 */
export interface SeedCommunity {
  code: string;
  name: string;
  region: string;
  population: number;
  lead: { code: string; name: string; type: 'LEAD_HOSPITAL' };
  members: string[];
  villageClinics: { code: string; name: string; parentName: string }[];
}

/**
 * Both 医联体 serve 重庆市梁平区 (GB/T 2260 code 500155). Its 常住人口 is a demo figure, kept apart
 * from the communities' service populations: seed 004 附件2 5(1) divides by the district's.
 */
export const LIANGPING_DISTRICT = { code: '500155', name: '重庆市梁平区', population: 650000 };

export const LIANGPING: SeedCommunity[] = [
  {
    code: 'LP-RMYY',
    name: '梁平区人民医院医联体',
    region: '重庆市梁平区',
    population: 330000,
    lead: { code: 'LP-RMYY-00', name: '梁平区人民医院', type: 'LEAD_HOSPITAL' },
    members: [
      '屏锦中心卫生院',
      '福禄中心卫生院',
      '新盛中心卫生院',
      '袁驿中心卫生院',
      '梁山街道社区卫生服务中心',
      '合兴中心卫生院',
      '双桂街道社区卫生服务中心',
      '七星镇卫生院',
      '大观镇卫生院',
      '复平镇卫生院',
      '回龙镇卫生院',
      '曲水镇卫生院',
      '石安镇卫生院',
      '文化镇卫生院',
      '竹山镇卫生院',
      '龙胜乡卫生院',
      '梁山街道城东卫生院',
    ],
    villageClinics: [
      { code: 'LP-RMYY-V01', name: '屏锦镇演示村卫生室', parentName: '屏锦中心卫生院' },
    ],
  },
  {
    code: 'LP-ZYY',
    name: '梁平区中医医院医联体',
    region: '重庆市梁平区',
    population: 310000,
    lead: { code: 'LP-ZYY-00', name: '梁平区中医医院', type: 'LEAD_HOSPITAL' },
    members: [
      '柏家中心卫生院',
      '虎城中心卫生院',
      '星桥镇卫生院',
      '明达镇卫生院',
      '聚奎镇卫生院',
      '蟠龙镇卫生院',
      '云龙中心卫生院',
      '和林镇卫生院',
      '荫平镇卫生院',
      '铁门乡卫生院',
      '礼让中心卫生院',
      '仁贤中心卫生院',
      '安胜镇卫生院',
      '碧山镇卫生院',
      '金带镇卫生院',
      '龙门镇卫生院',
      '紫照镇卫生院',
    ],
    villageClinics: [
      { code: 'LP-ZYY-V01', name: '柏家镇演示村卫生室', parentName: '柏家中心卫生院' },
    ],
  },
];

export function memberType(name: string): 'COMMUNITY_HEALTH_CENTER' | 'TOWNSHIP_HEALTH_CENTER' {
  return name.includes('社区卫生服务中心') ? 'COMMUNITY_HEALTH_CENTER' : 'TOWNSHIP_HEALTH_CENTER';
}

export const LEAD_DEPARTMENTS: { code: string; name: string; kind: string }[] = [
  { code: 'CARD', name: '心血管内科', kind: 'CLINICAL' },
  { code: 'NEUR', name: '神经内科', kind: 'CLINICAL' },
  { code: 'GSUR', name: '普通外科', kind: 'CLINICAL' },
  { code: 'ORTH', name: '骨科', kind: 'CLINICAL' },
  { code: 'OBGY', name: '妇产科', kind: 'CLINICAL' },
  { code: 'PEDS', name: '儿科', kind: 'CLINICAL' },
  { code: 'EMER', name: '急诊科', kind: 'CLINICAL' },
  { code: 'ICU', name: '重症医学科', kind: 'CLINICAL' },
  { code: 'W-IM', name: '内科病区', kind: 'WARD' },
  { code: 'W-SU', name: '外科病区', kind: 'WARD' },
  { code: 'IMG', name: '影像诊断中心', kind: 'IMAGING_CENTER' },
  { code: 'ECG', name: '心电诊断中心', kind: 'ECG_CENTER' },
];

export const MEMBER_DEPARTMENTS: { code: string; name: string; kind: string }[] = [
  { code: 'GP', name: '全科医学科', kind: 'CLINICAL' },
  { code: 'W-GEN', name: '住院部', kind: 'WARD' },
  { code: 'RAD', name: '放射科', kind: 'OTHER' },
  { code: 'ECGR', name: '心电图室', kind: 'OTHER' },
];

/** Demo logins: one per role at the lead hospital, a clinician and a coordinator at a township. */
export const DEMO_USERS: {
  username: string;
  name: string;
  community: string;
  institution: string;
  roles: string[];
  /** Reading centers (department codes at the user's institution) a reader reads for. */
  centers?: string[];
}[] = [
  {
    username: 'rm.admin',
    name: '区人民医院 管理员',
    community: 'LP-RMYY',
    institution: '梁平区人民医院',
    roles: ['community_admin'],
  },
  {
    username: 'rm.coord',
    name: '区人民医院 转诊专员',
    community: 'LP-RMYY',
    institution: '梁平区人民医院',
    roles: ['referral_coordinator'],
  },
  {
    username: 'rm.doctor',
    name: '区人民医院 临床医生',
    community: 'LP-RMYY',
    institution: '梁平区人民医院',
    roles: ['clinician'],
  },
  {
    username: 'rm.reader',
    name: '区人民医院 报告医生',
    community: 'LP-RMYY',
    institution: '梁平区人民医院',
    roles: ['reader'],
    centers: ['IMG'],
  },
  {
    username: 'rm.ecg',
    name: '区人民医院 心电报告医生',
    community: 'LP-RMYY',
    institution: '梁平区人民医院',
    roles: ['reader'],
    centers: ['ECG'],
  },
  {
    username: 'rm.senior',
    name: '区人民医院 审核医生',
    community: 'LP-RMYY',
    institution: '梁平区人民医院',
    roles: ['reader', 'senior_reader'],
    centers: ['IMG', 'ECG'],
  },
  {
    username: 'pj.doctor',
    name: '屏锦中心卫生院 医生',
    community: 'LP-RMYY',
    institution: '屏锦中心卫生院',
    roles: ['clinician'],
  },
  {
    username: 'pj.coord',
    name: '屏锦中心卫生院 转诊专员',
    community: 'LP-RMYY',
    institution: '屏锦中心卫生院',
    roles: ['referral_coordinator'],
  },
  {
    username: 'zy.admin',
    name: '区中医医院 管理员',
    community: 'LP-ZYY',
    institution: '梁平区中医医院',
    roles: ['community_admin'],
  },
  {
    username: 'zy.coord',
    name: '区中医医院 转诊专员',
    community: 'LP-ZYY',
    institution: '梁平区中医医院',
    roles: ['referral_coordinator'],
  },
  {
    username: 'zy.reader',
    name: '区中医医院 报告医生',
    community: 'LP-ZYY',
    institution: '梁平区中医医院',
    roles: ['reader'],
    centers: ['IMG', 'ECG'],
  },
  {
    username: 'bj.doctor',
    name: '柏家中心卫生院 医生',
    community: 'LP-ZYY',
    institution: '柏家中心卫生院',
    roles: ['clinician'],
  },
];
