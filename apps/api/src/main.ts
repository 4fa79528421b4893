import { TOPIC_ROOT } from '#contracts';
console.log(TOPIC_ROOT);
