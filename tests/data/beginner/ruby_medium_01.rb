def sales_summary(records)
  begin
    totals = Hash.new
    counts = Hash.new
    largest = Hash.new
    regionNames = Array.new
    i = 0
    while i < records.length
      record = records[i]
      if !record.has_key?("region") || !record.has_key?("amount")
        raise KeyError.new("record is missing a key")
      end
      region = record["region"]
      amount = record["amount"]
      if totals[region] == nil
        totals[region] = 0
        counts[region] = 0
        largest[region] = amount
        regionNames.push(region)
      end
      totals[region] = totals[region] + amount
      counts[region] = counts[region] + 1
      if amount > largest[region]
        largest[region] = amount
      end
      i = i + 1
    end
    result = Array.new
    for name in regionNames
      result.push({"region" => name, "total" => totals[name], "count" => counts[name], "largest" => largest[name]})
    end
    result.sort! do |a, b|
      if a["total"] != b["total"]
        b["total"] <=> a["total"]
      else
        a["region"] <=> b["region"]
      end
    end
    return result
  rescue Exception => e
    raise e
  end
end
