import { describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { Injectable, Module } from '@nestjs/common';
import { TOPIC_ROOT } from '#contracts';

@Injectable()
class Svc { hi() { return TOPIC_ROOT; } }
@Module({ providers: [Svc] })
class M {}

describe('smoke', () => {
  it('loads nest', async () => {
    const m = await Test.createTestingModule({ imports: [M] }).compile();
    expect(m.get(Svc).hi()).toBe('nursery/v1');
  });
});
