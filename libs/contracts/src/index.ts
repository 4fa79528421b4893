export const TOPIC_ROOT = 'nursery/v1';
