def sales_summary(records)
  summaries = []
  for record in records
    if !record.has_key?("region") || !record.has_key?("amount")
      raise KeyError, "missing key in record"
    end
    found = nil
    for s in summaries
      if s["region"] == record["region"]
        found = s
      end
    end
    if found == nil
      found = {"region" => record["region"], "total" => 0, "count" => 0, "largest" => record["amount"]}
      summaries.push(found)
    end
    found["total"] = found["total"] + record["amount"]
    found["count"] = found["count"] + 1
    if record["amount"] > found["largest"]
      found["largest"] = record["amount"]
    end
  end

  # bubble sort: biggest total first, then by name
  n = summaries.length
  for i in 0...n
    for j in 0...n - i - 1
      a = summaries[j]
      b = summaries[j + 1]
      swap = false
      if a["total"] < b["total"]
        swap = true
      elsif a["total"] == b["total"] and a["region"] > b["region"]
        swap = true
      end
      if swap
        summaries[j] = b
        summaries[j + 1] = a
      end
    end
  end
  return summaries
end
