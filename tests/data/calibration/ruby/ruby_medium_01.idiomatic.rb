# frozen_string_literal: true

# Summarizes sales +records+ per region.
#
# @param records [Array<Hash{String => Object}>] each with a "region" (String) and an
#   "amount" (Integer cents, negative for a refund); other keys are ignored
# @return [Array<Hash{String => Object}>] one Hash per region with "region", "total",
#   "count" and "largest", by total descending, then by region name
# @raise [KeyError] if a record has no "region" or no "amount"
def sales_summary(records)
  summaries = records.group_by { |record| record.fetch('region') }.map do |region, group|
    amounts = group.map { |record| record.fetch('amount') }
    { 'region' => region, 'total' => amounts.sum, 'count' => amounts.size, 'largest' => amounts.max }
  end
  summaries.sort_by { |summary| [-summary['total'], summary['region']] }
end
