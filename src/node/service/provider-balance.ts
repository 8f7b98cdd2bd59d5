// The USD balance a provider publishes (OpenRouter's credits, DeepSeek's balance), read from its answer.

/** OpenRouter: `{data:{total_credits,total_usage}}`; DeepSeek: `{balance_infos:[{currency,total_balance}]}`. */
export function parseBalance(type: string, body: unknown): number | null {
  const b = body as Record<string, any>;
  if (type === 'openrouter') {
    const d = b?.data;
    const total = Number(d?.total_credits);
    const used = Number(d?.total_usage);
    return Number.isFinite(total) && Number.isFinite(used) ? Math.round((total - used) * 1e6) / 1e6 : null;
  }
  if (type === 'deepseek') {
    const usd = Array.isArray(b?.balance_infos) ? b.balance_infos.find((x: any) => x?.currency === 'USD') : undefined;
    const v = Number(usd?.total_balance);
    return Number.isFinite(v) ? v : null;
  }
  return null;
}
